import { KeySign, type KeyDto } from '@issuer/contracts';
import { signCompactJws } from '@issuer/credentials';
import type { Bus } from '@issuer/platform';

/**
 * A compact JWS (RFC 7515 §7.1) over JSON header and payload, signed by kms with the key's own algorithm: the
 * private key never leaves kms (so jose's `CompactSign`, which needs the key, cannot sign it). For the issuer's
 * own JWTs (signed metadata, request objects).
 */
export async function signJwsWithKms(
  bus: Bus,
  key: KeyDto,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  return signCompactJws({ alg: key.alg, ...header }, payload, async (signingInput) => {
    const data = Buffer.from(signingInput, 'ascii').toString('base64url');
    return (await bus.request(KeySign, { keyId: key.keyId, data, alg: key.alg })).signature;
  });
}
