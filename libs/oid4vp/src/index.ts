// Public barrel of @issuer/oid4vp: OpenID4VP 1.0 / SIOPv2 verification as plain TS (crypto and I/O by callbacks).

export type {
  MdocPresentationVerifier,
  MdocVerificationContext,
  MdocVerificationResult,
  MdocVerifiedDocument,
} from './vp-token/mdoc-verifier.type';
export * from './mdoc/mdoc-public-api';
export * from './oid4vp-public-api';
