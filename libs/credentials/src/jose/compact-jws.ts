/** Returns the base64url signature over the ASCII JWS signing input (JWS form: raw r‖s for ECDSA, RFC 7518 §3.4). */
export type JwsSigner = (signingInput: string) => Promise<string>;

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * The JWS Signing Input of RFC 7515 §5.1: `base64url(UTF-8(JSON(header))) '.' base64url(UTF-8(JSON(payload)))`.
 * The JSON is serialised once, here, so the bytes signed are exactly the bytes sent.
 */
export function jwsSigningInput(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${encodeJson(header)}.${encodeJson(payload)}`;
}

/**
 * A compact JWS (RFC 7515 §7.1) whose signature comes from `sign`, so the private key never has to be in this
 * process: the services sign through kms over the bus. That is why jose's `CompactSign`/`SignJWT` are not used
 * here — they need the key (a KeyObject or CryptoKey) in hand; jose still verifies what this produces.
 */
export async function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, sign: JwsSigner): Promise<string> {
  const signingInput = jwsSigningInput(header, payload);
  return `${signingInput}.${await sign(signingInput)}`;
}
