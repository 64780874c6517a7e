import { createHash } from 'node:crypto';
import { encodeCbor } from '@issuer/credentials';

/** The Authorization Request values an mdoc presentation over redirects / `direct_post` is bound to. */
export interface Oid4vpHandoverInput {
  /** The `client_id` request parameter, Client Identifier Prefix included. */
  clientId: string;
  /** The `nonce` request parameter. */
  nonce: string;
  /** The `response_uri` (`direct_post`) or `redirect_uri` request parameter. */
  responseUri: string;
  /** RFC 7638 SHA-256 thumbprint of the Verifier's response encryption key; only for encrypted responses (`direct_post.jwt`). */
  jwkThumbprint?: Uint8Array;
}

/**
 * SessionTranscriptBytes for OpenID4VP 1.0 invoked via redirects (not the DC API), OpenID4VP 1.0 final,
 * Appendix B.2.6.1 "Invocation via Redirects", on top of ISO/IEC 18013-5 §9.1.5.1:
 *
 *   SessionTranscript     = [DeviceEngagementBytes = null, EReaderKeyBytes = null, OpenID4VPHandover]
 *   OpenID4VPHandover     = ["OpenID4VPHandover", sha-256(OpenID4VPHandoverInfoBytes)]
 *   OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint / null, responseUri]
 *
 * The hash is over the CBOR encoding of the info array itself (not a #6.24 wrapper). `jwkThumbprint` is null
 * unless the response is encrypted, which the issuer's `direct_post` login never is. The wallet's
 * DeviceSignature covers these bytes, so a presentation made for another verifier, nonce or response URI
 * does not verify here.
 */
export function oid4vpSessionTranscript(input: Oid4vpHandoverInput): Uint8Array {
  const info = encodeCbor([input.clientId, input.nonce, input.jwkThumbprint ?? null, input.responseUri]);
  const infoHash = new Uint8Array(createHash('sha256').update(info).digest());
  return encodeCbor([null, null, ['OpenID4VPHandover', infoHash]]);
}
