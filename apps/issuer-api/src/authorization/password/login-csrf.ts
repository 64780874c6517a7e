import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The CSRF token of the login form: an HMAC of the login's state hash under a key derived from the deployment's
 * protocol secret, so every replica checks what any replica rendered, and nothing is stored. The login id in the
 * form's URL is already an unguessable single-use secret; the token adds that a post must come from a form this
 * server rendered for that very login (a copied token does not fit another login).
 */
export class LoginCsrf {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    // A key of its own (HKDF, RFC 5869): the same secret also keys the c_nonce HMAC.
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'issuer-api password login csrf', 32));
  }

  token(loginStateHash: string): string {
    return createHmac('sha256', this.key).update(loginStateHash).digest('base64url');
  }

  check(loginStateHash: string, presented: unknown): boolean {
    if (typeof presented !== 'string') return false;
    const expected = Buffer.from(this.token(loginStateHash));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
