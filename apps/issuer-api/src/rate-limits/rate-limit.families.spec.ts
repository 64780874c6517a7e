import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rateLimitFamilyOf } from './rate-limit.families';

describe('rate limit route families', () => {
  it('limits the wallet endpoints that create state', () => {
    for (const [method, route] of [
      ['POST', '/issuers/:issuerId/par'],
      ['POST', '/issuers/:issuerId/nonce'],
      ['POST', '/issuers/:issuerId/token'],
      ['GET', '/issuers/:issuerId/authorize'],
      ['HEAD', '/issuers/:issuerId/authorize'],
      ['POST', '/issuers/:issuerId/login/:loginId'],
      ['POST', '/issuers/:issuerId/direct_post'],
    ])
      assert.equal(rateLimitFamilyOf(method, route), 'wallet', `${method} ${route}`);
  });

  it('limits every admin API route', () => {
    for (const [method, route] of [
      ['GET', '/api/v1/issuers'],
      ['DELETE', '/api/v1/keys/:keyId'],
      ['GET', '/api/v1/issuers/:issuerId/events'],
    ])
      assert.equal(rateLimitFamilyOf(method, route), 'admin', `${method} ${route}`);
  });

  it('leaves reads, resource endpoints and unrouted requests alone', () => {
    for (const [method, route] of [
      ['GET', '/issuers/:issuerId/login/:loginId'],
      ['GET', '/issuers/:issuerId/idp-callback'],
      ['GET', '/issuers/:issuerId/request/:requestId'],
      ['POST', '/issuers/:issuerId/credential'],
      ['POST', '/issuers/:issuerId/notification'],
      ['GET', '/.well-known/openid-credential-issuer/issuers/:issuerId'],
      ['GET', '/health/ready'],
      ['GET', '/apiary'],
      ['POST', undefined],
    ] as const)
      assert.equal(rateLimitFamilyOf(method, route), undefined, `${method} ${route}`);
  });
});
