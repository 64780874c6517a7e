import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { random } from '../test-support/crypto.helper';
import { buildPushedAuthorizationResponse, createRequestUri, parseRequestUriReference, REQUEST_URI_PREFIX } from './request-uri';

describe('PAR request_uri', () => {
  it('creates unique urn:ietf:params:oauth:request_uri: values with 256-bit references', () => {
    const a = createRequestUri(random);
    const b = createRequestUri(random);
    assert.ok(a.requestUri.startsWith(REQUEST_URI_PREFIX));
    assert.equal(a.requestUri, `${REQUEST_URI_PREFIX}${a.reference}`);
    assert.equal(a.reference.length, 43);
    assert.notEqual(a.reference, b.reference);
  });

  it('builds the 201 body with expires_in (default 60)', () => {
    assert.deepEqual(buildPushedAuthorizationResponse({ requestUri: 'urn:x' }), { request_uri: 'urn:x', expires_in: 60 });
    assert.deepEqual(buildPushedAuthorizationResponse({ requestUri: 'urn:x', expiresIn: 90 }), { request_uri: 'urn:x', expires_in: 90 });
    assert.throws(() => buildPushedAuthorizationResponse({ requestUri: 'urn:x', expiresIn: 0 }), RangeError);
  });

  it('reads client_id and request_uri at the authorization endpoint and ignores the rest', () => {
    const { requestUri, reference } = createRequestUri(random);
    assert.deepEqual(parseRequestUriReference({ client_id: 'w', request_uri: requestUri, scope: 'ignored' }), {
      clientId: 'w',
      requestUri,
      reference,
    });
  });

  it('refuses foreign or malformed request URIs with invalid_request_uri and missing parts with invalid_request', () => {
    for (const requestUri of [
      'https://evil.example/request',
      `${REQUEST_URI_PREFIX}`,
      `${REQUEST_URI_PREFIX}a b`,
      'urn:ietf:params:oauth:request_uri',
    ]) {
      assert.throws(
        () => parseRequestUriReference({ client_id: 'w', request_uri: requestUri }),
        { error: 'invalid_request_uri' },
        requestUri,
      );
    }
    const { requestUri } = createRequestUri(random);
    assert.throws(() => parseRequestUriReference({ request_uri: requestUri }), { error: 'invalid_request' });
    assert.throws(() => parseRequestUriReference({ client_id: 'w' }), { error: 'invalid_request' });
    assert.throws(() => parseRequestUriReference({ client_id: 'w', request_uri: [requestUri, requestUri] }), { error: 'invalid_request' });
  });
});
