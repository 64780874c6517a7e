import { KeySign, type KeyDto } from '@issuer/contracts';
import type { Bus } from '@issuer/platform';

/**
 * A compact JWS (RFC 7515 §7.1) over JSON header and payload, signed by kms with the key's own algorithm: the
 * private key never leaves kms. For the issuer's own JWTs (signed metadata, request objects).
 */
export async function signJwsWithKms(
  bus: Bus,
  key: KeyDto,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: key.alg, ...header })}.${encode(payload)}`;
  const { signature } = await bus.request(KeySign, {
    keyId: key.keyId,
    data: Buffer.from(signingInput, 'ascii').toString('base64url'),
    alg: key.alg,
  });
  return `${signingInput}.${signature}`;
}
