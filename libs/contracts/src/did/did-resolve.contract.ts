import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { didStringSchema, type DidResolutionResult } from './did.types';

export const didResolveRequestSchema = z.object({ did: didStringSchema }).strict();
export type DidResolveRequest = z.infer<typeof didResolveRequestSchema>;

/**
 * Resolves did:key and did:jwk locally and did:web from the registry (hosted) or over HTTPS. Failures are
 * a result with `didResolutionMetadata.error`, not a bus error (W3C DID Resolution §4).
 */
export const DidResolve = defineContract<DidResolveRequest, DidResolutionResult>(Subjects.DidResolve, didResolveRequestSchema);
