import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { WalletKey } from './haip-wallet';

/** A raw wallet-side HTTP answer, for requests built by hand. */
export interface RawAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** The answer as a test reads it: JSON when the body is JSON, else its text (undefined when empty). */
export async function rawAnswerOf(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body, headers: response.headers };
}

/** RFC 7636 S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A new RFC 7636 verifier (43 characters). */
export function pkceVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The OAuth `error` of what the wallet libraries throw (token/PAR error responses, credential error responses). */
export function oauthErrorOf(error: unknown): string | undefined {
  const e = error as {
    errorResponse?: { error?: string };
    response?: { credentialErrorResponseResult?: { data?: { error?: string } }; status?: number };
  } | null;
  return e?.errorResponse?.error ?? e?.response?.credentialErrorResponseResult?.data?.error;
}

export interface DpopProofOptions {
  key: WalletKey;
  htm: string;
  htu: string;
  accessToken?: string;
  payload?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

/**
 * A DPoP proof (RFC 9449 §4.2) built by hand: `htm`, `htu`, `iat` now, a fresh `jti`, `ath` of `accessToken`;
 * `payload` and `header` override or add members (e.g. a replayed `jti`, a `jwk` with the private `d`).
 */
export async function signDpopProof(options: DpopProofOptions): Promise<string> {
  const payload = {
    htm: options.htm,
    htu: options.htu,
    iat: Math.floor(Date.now() / 1000),
    jti: randomBytes(16).toString('base64url'),
    ...(options.accessToken ? { ath: createHash('sha256').update(options.accessToken).digest('base64url') } : {}),
    ...options.payload,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: options.key.publicJwk, ...options.header } as never)
    .sign(options.key.privateKey);
}
