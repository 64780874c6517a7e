import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores Argon2id PHC strings with the OWASP parameters and a fresh salt', async () => {
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(first, second, 'salted');
    assert.ok(!first.includes('correct horse'));
    assert.ok(await hasher.verify(first, 'correct horse battery staple'));
    assert.equal(await hasher.verify(first, 'correct horse battery stapl'), false);
  });

  it('normalises passwords (NFKC): a composed and a decomposed umlaut are the same password', async () => {
    const stored = await hasher.hash('Gr\u00fc\u00dfe aus K\u00f6ln!');
    assert.ok(await hasher.verify(stored, 'Gru\u0308\u00dfe aus Ko\u0308ln!'));
  });

  it('matches nothing against a malformed hash, and nothing for an unknown user', async () => {
    assert.equal(await hasher.verify('not-a-hash', 'whatever password'), false);
    assert.equal(await hasher.verifyUnknown('whatever password'), false);
  });
});
