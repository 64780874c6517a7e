import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../test-support/crypto.helper';
import { checkCodeChallenge, createS256CodeChallenge, isValidCodeVerifier, verifyPkce } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('derives the RFC 7636 Appendix B challenge', async () => {
    assert.equal(await createS256CodeChallenge(VERIFIER, sha256), CHALLENGE);
  });

  it('verifies a matching verifier', async () => {
    assert.deepEqual(await verifyPkce(VERIFIER, CHALLENGE, { hash: sha256 }), { verified: true });
  });

  it('refuses a missing, malformed or wrong verifier with invalid_grant', async () => {
    for (const verifier of [undefined, 'short', `${VERIFIER}!`, 'a'.repeat(129), `${VERIFIER.slice(0, -1)}Y`]) {
      const result = await verifyPkce(verifier, CHALLENGE, { hash: sha256 });
      assert.equal(result.verified, false, String(verifier));
      if (!result.verified) assert.equal(result.error, 'invalid_grant');
    }
  });

  it('checks verifier syntax: 43 to 128 unreserved characters', () => {
    assert.ok(isValidCodeVerifier('a'.repeat(43)));
    assert.ok(isValidCodeVerifier(`${'A'.repeat(124)}-._~`));
    assert.equal(isValidCodeVerifier('a'.repeat(42)), false);
    assert.equal(isValidCodeVerifier('a'.repeat(129)), false);
    assert.equal(isValidCodeVerifier(`${'a'.repeat(42)}+`), false);
    assert.equal(isValidCodeVerifier(42), false);
  });

  it('requires an S256 challenge and refuses plain, a missing method and a malformed challenge', () => {
    assert.equal(checkCodeChallenge(CHALLENGE, 'S256'), undefined);
    assert.match(checkCodeChallenge(undefined, 'S256') ?? '', /required/);
    assert.match(checkCodeChallenge(CHALLENGE, undefined) ?? '', /plain is not allowed/);
    assert.match(checkCodeChallenge(VERIFIER, 'plain') ?? '', /not supported/);
    assert.match(checkCodeChallenge('abc', 'S256') ?? '', /43/);
    assert.match(checkCodeChallenge(`${CHALLENGE.slice(0, 42)}=`, 'S256') ?? '', /43/);
  });
});
