import type { KeyDto } from '@issuer/contracts';
import { signCompactJws } from '@issuer/credentials';
import type { Bus } from '@issuer/platform';
import { kmsSignerOf } from './kms-sign-batcher';

/**
 * A compact JWS (RFC 7515 §7.1) over JSON header and payload, signed by kms with the key's own algorithm: the
 * private key never leaves kms (so jose's `CompactSign`, which needs the key, cannot sign it). For the issuer's
 * own JWTs (signed metadata, request objects); batched with the process's other signatures (kms-sign-batcher.ts).
 */
export async function signJwsWithKms(
  bus: Bus,
  key: KeyDto,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  return signCompactJws({ alg: key.alg, ...header }, payload, async (signingInput) => {
    const data = Buffer.from(signingInput, 'ascii').toString('base64url');
    return (await kmsSignerOf(bus).sign({ keyId: key.keyId, data, alg: key.alg })).signature;
  });
}
