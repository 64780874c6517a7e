/** The signing-time context the data functions read (waltid-issuer2-model.md §8). */
export interface DataFunctionContext {
  now: Date;
  issuerId?: string;
  issuerDid?: string;
  /** Holder DID: did:jwk of the proof key, or the proof's `kid` DID (API.md §10). */
  subjectDid?: string;
  /** The credential configuration's display array. */
  display?: unknown;
  context?: Record<string, unknown>;
  /** A random (v4) UUID, injected so this library needs no crypto of its own. */
  randomUuid(): string;
}

/** I/O for `<webhook:…>` functions; the caller enforces OUTBOUND_ALLOWED_HOSTS and timeouts. */
export interface DataFunctionCallbacks {
  fetchText?(url: string): Promise<string>;
}

/** A parsed template `<name>` or `<name:arg>`. */
export interface DataFunctionCall {
  name: string;
  arg?: string;
}
