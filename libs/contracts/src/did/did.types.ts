import { z } from 'zod';

/** DID methods the registry creates and resolves (API.md §3). */
export const DID_METHODS = ['key', 'jwk', 'web'] as const;
export type DidMethod = (typeof DID_METHODS)[number];
export const didMethodSchema = z.enum(DID_METHODS);

/** A did:web path slug: `did:web:<host>:dids:<path>` is hosted at `/dids/<path>/did.json`. */
export const didWebPathSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be a slug (lowercase letters, digits and inner hyphens, at most 64)');

/** A DID as it travels in requests: bounded, so a hostile value cannot blow up logs or SQL. */
export const didStringSchema = z.string().min(1).max(4096);

/** A verification method of a DID document (DID Core §5.2); this platform only emits JsonWebKey2020. */
export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyJwk?: Record<string, unknown>;
  publicKeyMultibase?: string;
  [member: string]: unknown;
}

/** A DID document (DID Core §4), in its JSON-LD form. */
export interface DidDocument {
  '@context'?: string | (string | Record<string, unknown>)[];
  id: string;
  verificationMethod?: VerificationMethod[];
  authentication?: (string | VerificationMethod)[];
  assertionMethod?: (string | VerificationMethod)[];
  [member: string]: unknown;
}

/** Errors of W3C DID Resolution §7.1 plus did:key's `invalidPublicKeyType` / `invalidPublicKeyLength`. */
export type DidResolutionError =
  | 'invalidDid'
  | 'notFound'
  | 'methodNotSupported'
  | 'representationNotSupported'
  | 'invalidPublicKeyType'
  | 'invalidPublicKeyLength'
  | 'internalError';

/** DID Resolution metadata (W3C DID Resolution §4): `error` is set instead of a document on failure. */
export interface DidResolutionMetadata {
  contentType?: string;
  error?: DidResolutionError;
  errorMessage?: string;
  [member: string]: unknown;
}

export interface DidResolutionResult {
  didDocument: DidDocument | null;
  didResolutionMetadata: DidResolutionMetadata;
  didDocumentMetadata: Record<string, unknown>;
}

/** One registered DID as listed by the admin API. */
export interface DidSummary {
  did: string;
  method: DidMethod;
  keyId: string;
  createdAt: string;
}
