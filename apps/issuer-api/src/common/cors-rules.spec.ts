import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuerApiCorsRules, loadIssuerApiCorsRules } from './cors-rules';

const PUBLIC_DOCUMENTS = [
  '/.well-known/openid-credential-issuer/issuers/acme',
  '/.well-known/oauth-authorization-server/issuers/acme',
  '/.well-known/jwt-vc-issuer/issuers/acme',
  '/issuers/acme/.well-known/openid-credential-issuer',
  '/issuers/acme/.well-known/oauth-authorization-server',
  '/issuers/acme/.well-known/jwt-vc-issuer',
  '/issuers/acme/jwks',
  '/issuers/acme/types/identity_sd_jwt',
  '/issuers/acme/offers/0b6b2f5e-4a59-4a8f-9d0e-5d1b6f0d2a11',
  '/status-lists/0b6b2f5e-4a59-4a8f-9d0e-5d1b6f0d2a11',
  '/.well-known/did.json',
  '/dids/acme/did.json',
];
const WALLET_ENDPOINTS = ['token', 'nonce', 'credential', 'deferred_credential', 'notification', 'par'].map((e) => `/issuers/acme/${e}`);
const NEVER = [
  '/issuers/acme/authorize',
  '/issuers/acme/idp-callback',
  '/health/ready',
  '/metrics',
  '/issuers/acme',
  '/issuers/acme/jwks/x',
];
const ADMIN = ['/api/v1/issuers', '/api/v1/issuers/acme/sessions/s/events', '/api/docs', '/api'];

describe('issuerApiCorsRules', () => {
  it('by default: public documents for every origin, wallet endpoints and the admin API for none', () => {
    const rules = issuerApiCorsRules({});
    for (const path of PUBLIC_DOCUMENTS) {
      assert.equal(rules(path)?.origins, '*', path);
      assert.deepEqual(rules(path)?.methods, ['GET', 'HEAD']);
    }
    for (const path of [...WALLET_ENDPOINTS, ...NEVER, ...ADMIN]) assert.equal(rules(path), undefined, path);
  });

  it('configured: the wallet endpoints for the listed origins with the headers a wallet sends and reads', () => {
    const rules = issuerApiCorsRules({ walletOrigins: new Set(['https://wallet.example']) });
    for (const path of WALLET_ENDPOINTS) {
      const rule = rules(path);
      assert.deepEqual([...(rule?.origins as Set<string>)], ['https://wallet.example'], path);
      assert.deepEqual(rule?.methods, ['POST']);
      for (const header of ['Authorization', 'DPoP', 'Content-Type', 'OAuth-Client-Attestation', 'OAuth-Client-Attestation-PoP'])
        assert.ok(rule?.allowHeaders.includes(header), header);
      for (const header of ['WWW-Authenticate', 'DPoP-Nonce', 'Retry-After', 'Date'])
        assert.ok(rule?.exposeHeaders.includes(header), header);
    }
    // The list is for the wallet endpoints: public documents stay open to every origin.
    assert.equal(rules(PUBLIC_DOCUMENTS[0])?.origins, '*');
    for (const path of [...NEVER, ...ADMIN]) assert.equal(rules(path), undefined, path);
  });

  it('the admin API only with its own variable', () => {
    const rules = issuerApiCorsRules({ walletOrigins: '*', adminOrigins: new Set(['https://console.example']) });
    for (const path of ADMIN) assert.deepEqual([...(rules(path)?.origins as Set<string>)], ['https://console.example'], path);
    assert.equal(rules('/issuers/acme/token')?.origins, '*');
  });
});

describe('loadIssuerApiCorsRules', () => {
  it('reads both variables', () => {
    const rules = loadIssuerApiCorsRules({ CORS_ALLOWED_ORIGINS: '*', CORS_ADMIN_ALLOWED_ORIGINS: 'https://console.example' });
    assert.equal(rules('/issuers/acme/credential')?.origins, '*');
    assert.ok(rules('/api/v1/keys'));
  });

  it('stops the boot with a message naming the variable', () => {
    assert.throws(
      () => loadIssuerApiCorsRules({ CORS_ALLOWED_ORIGINS: 'wallet.example' }),
      (error: Error) =>
        error.name === 'ConfigError' && error.message.includes('CORS_ALLOWED_ORIGINS: must be comma-separated origins or *'),
    );
    assert.throws(
      () => loadIssuerApiCorsRules({ CORS_ADMIN_ALLOWED_ORIGINS: '*' }),
      (error: Error) => error.name === 'ConfigError' && /CORS_ADMIN_ALLOWED_ORIGINS: .*not allowed here/.test(error.message),
    );
  });
});
