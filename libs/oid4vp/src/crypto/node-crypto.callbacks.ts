import { constants, createHash, createPublicKey, verify } from 'node:crypto';
import type { CryptoCallbacks, HashCallback, VerifySignatureCallback } from '../callbacks';

const DIGEST_OF_ALG: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512', '256K': 'sha256' };

/**
 * Public-key verification with node:crypto for every asymmetric JWS algorithm of RFC 7518 §3 and RFC 8037
 * (ES256/384/512, ES256K, EdDSA/Ed25519/Ed448, RS*, PS*). Verification needs no secret, so unlike signing it does not go
 * through the KMS; callers may still pass their own. Unknown algorithms and bad keys return `false`.
 */
export const nodeVerifySignature: VerifySignatureCallback = async ({ alg, jwk, signingInput, signature }) => {
  try {
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    const data = Buffer.from(signingInput, 'ascii');
    if (alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') return verify(null, data, key, signature);
    const digest = DIGEST_OF_ALG[alg.slice(2)];
    if (!digest) return false;
    if (alg.startsWith('ES')) return verify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    if (alg.startsWith('PS'))
      return verify(
        digest,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        signature,
      );
    if (alg.startsWith('RS')) return verify(digest, data, key, signature);
    return false;
  } catch {
    return false;
  }
};

/** SHA-2 with node:crypto. */
export const nodeHash: HashCallback = (data, alg) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest());

/** The default crypto of every verifier in this library. */
export const nodeCryptoCallbacks: CryptoCallbacks = { verifySignature: nodeVerifySignature, hash: nodeHash };
