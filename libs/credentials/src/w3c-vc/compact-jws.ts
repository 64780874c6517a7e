import { CredentialError } from '../shared/credential-error';

/**
 * Signs a compact JWS (RFC 7515 §7.1) through a callback that receives the ASCII signing input and
 * returns the base64url signature, so the private key never has to be in this process.
 */
export async function signCompactJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  sign: (signingInput: string) => Promise<string>,
): Promise<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  let signature: string;
  try {
    signature = await sign(signingInput);
  } catch (cause) {
    throw new CredentialError('SIGNING_FAILED', 'the signer callback failed', { cause });
  }
  return `${signingInput}.${signature}`;
}
