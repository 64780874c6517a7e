import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CredentialError } from '../shared/credential-error';
import { didJwkFromJwk } from './did-jwk.util';

const decode = (did: string): unknown => JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));

describe('didJwkFromJwk', () => {
  it('encodes only the public members, in a fixed order, whatever the input order', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const did = didJwkFromJwk({ ...jwk, kid: 'k1', use: 'sig' });
    const reordered = didJwkFromJwk({ y: jwk['y'], x: jwk['x'], crv: 'P-256', kty: 'EC' });
    assert.equal(did, reordered);
    assert.match(did, /^did:jwk:[A-Za-z0-9_-]+$/);
    assert.equal(JSON.stringify(decode(did)), JSON.stringify({ crv: 'P-256', kty: 'EC', x: jwk['x'], y: jwk['y'] }));
    assert.ok(!JSON.stringify(decode(did)).includes('"d"'));
  });

  it('matches the did:jwk spec example for an OKP key', () => {
    const did = didJwkFromJwk({ kty: 'OKP', crv: 'X25519', use: 'enc', x: '3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08' });
    assert.deepEqual(decode(did), { crv: 'X25519', kty: 'OKP', x: '3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08' });
  });

  it('refuses symmetric, unknown and incomplete keys', () => {
    for (const jwk of [{ kty: 'oct', k: 'secret' }, { kty: 'XYZ' }, { kty: 'EC', crv: 'P-256', x: 'a' }, {}]) {
      assert.throws(
        () => didJwkFromJwk(jwk),
        (e: unknown) => e instanceof CredentialError && e.code === 'INVALID_JWK',
      );
    }
  });
});
