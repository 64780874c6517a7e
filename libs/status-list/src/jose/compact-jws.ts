/** Signs `<header>.<payload>`; returns the base64url signature (JWS form: r‖s for ECDSA). The key stays with the caller. */
export type JwsSigner = (signingInput: string) => Promise<string>;

const b64u = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** RFC 7515 §7.1 compact serialization, with the signature produced by the injected signer. */
export async function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, sign: JwsSigner): Promise<string> {
  const signingInput = `${b64u(header)}.${b64u(payload)}`;
  return `${signingInput}.${await sign(signingInput)}`;
}
