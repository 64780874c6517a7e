import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OAuth2Error } from '../errors/oauth2.error';
import { clientAttestationErrorFor } from './client-attestation-error';
import { readClientAttestationHeaders } from './client-attestation-headers';

const JWT = 'eyJhIjoxfQ.eyJiIjoyfQ.c2ln';

describe('readClientAttestationHeaders', () => {
  it('reads both headers case-insensitively, and nothing when neither is sent', () => {
    assert.deepEqual(readClientAttestationHeaders({ 'oauth-client-attestation': JWT, 'OAuth-Client-Attestation-PoP': [JWT] }), {
      attestation: JWT,
      pop: JWT,
    });
    assert.equal(readClientAttestationHeaders({ dpop: JWT }), undefined);
  });

  it('refuses one header alone, repeated headers and values that are not compact JWTs', () => {
    for (const headers of [
      { 'oauth-client-attestation': JWT },
      { 'oauth-client-attestation-pop': JWT },
      { 'oauth-client-attestation': [JWT, JWT], 'oauth-client-attestation-pop': JWT },
      { 'oauth-client-attestation': 'x', 'oauth-client-attestation-pop': JWT },
      { 'oauth-client-attestation': `${JWT}~${JWT}`, 'oauth-client-attestation-pop': JWT },
    ]) {
      assert.throws(() => readClientAttestationHeaders(headers), { error: 'invalid_client', status: 401 });
    }
  });
});

describe('clientAttestationErrorFor', () => {
  it('maps failures to invalid_client 401 or use_attestation_challenge with the challenge header', () => {
    const invalid = clientAttestationErrorFor({ error: 'invalid_client', description: 'untrusted' });
    assert.ok(invalid instanceof OAuth2Error);
    assert.equal(invalid.status, 401);
    const challenge = clientAttestationErrorFor({ error: 'use_attestation_challenge', description: 'x' }, { challenge: 'c-1' });
    assert.equal(challenge.status, 400);
    assert.deepEqual(challenge.headers, { 'OAuth-Client-Attestation-Challenge': 'c-1' });
    assert.throws(() => clientAttestationErrorFor({ error: 'use_attestation_challenge', description: 'x' }), TypeError);
  });
});
