// The mdoc part of @issuer/oid4vp, re-exported by src/index.ts (the lib's only barrel).
export { createMdocPresentationVerifier, verifyMdocDeviceResponse } from './device-response.verifier';
export type { MdocDeviceResponseResult, MdocVerificationFailure, MdocVerifierOptions } from './device-response.verifier';
export type { MdocVerificationErrorCode } from './mdoc-verification.error';
export { oid4vpSessionTranscript } from './session-transcript';
export type { Oid4vpHandoverInput } from './session-transcript';
