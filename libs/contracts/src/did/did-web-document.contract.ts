import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { didWebPathSchema, type DidDocument } from './did.types';

/** `path: null` is the root document (`/.well-known/did.json`), else `/dids/<path>/did.json`. */
export const didWebDocumentRequestSchema = z.object({ path: didWebPathSchema.nullable() }).strict();
export type DidWebDocumentRequest = z.infer<typeof didWebDocumentRequestSchema>;

/** The did:web document this deployment hosts at a path (NOT_FOUND if none). */
export const DidWebDocument = defineContract<DidWebDocumentRequest, DidDocument>(Subjects.DidWebDocument, didWebDocumentRequestSchema);
