import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildCredentialOffer, credentialOfferLink } from './credential-offer.builder';
import { generateTxCodeValue, txCodeSchema } from './tx-code.schema';

const CI = 'https://issuer.example.com/issuers/acme';
const PRE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describe('buildCredentialOffer', () => {
  it('builds a pre-authorized offer with tx_code', () => {
    const offer = buildCredentialOffer({
      credentialIssuer: CI,
      credentialConfigurationIds: ['pid'],
      preAuthorizedCode: 'code-1',
      txCode: { length: 6, description: 'sent by mail' },
    });
    assert.deepEqual(offer, {
      credential_issuer: CI,
      credential_configuration_ids: ['pid'],
      grants: { [PRE]: { 'pre-authorized_code': 'code-1', tx_code: { input_mode: 'numeric', length: 6, description: 'sent by mail' } } },
    });
  });

  it('builds authorization_code offers with and without issuer_state', () => {
    assert.deepEqual(buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['pid'], issuerState: 's' }).grants, {
      authorization_code: { issuer_state: 's' },
    });
    assert.deepEqual(buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['pid'] }).grants, {
      authorization_code: {},
    });
  });

  it("names the grant's authorization_server when given (issuers listing several, §4.1.1)", () => {
    const AS = 'https://as.example/realms/acme';
    assert.deepEqual(
      buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['pid'], issuerState: 's', authorizationServer: AS }).grants,
      { authorization_code: { issuer_state: 's', authorization_server: AS } },
    );
    assert.deepEqual(
      buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['pid'], preAuthorizedCode: 'c', authorizationServer: CI })
        .grants,
      { [PRE]: { 'pre-authorized_code': 'c', authorization_server: CI } },
    );
  });

  it('refuses empty or duplicate ids and tx_code without a pre-authorized code', () => {
    assert.throws(() => buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: [] }), { error: 'invalid_request' });
    assert.throws(() => buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['a', 'a'] }), {
      error: 'invalid_request',
    });
    assert.throws(() => buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['a'], txCode: {} }), {
      error: 'invalid_request',
    });
  });
});

describe('credentialOfferLink', () => {
  it('encodes the offer by value or by reference', () => {
    const offer = buildCredentialOffer({ credentialIssuer: CI, credentialConfigurationIds: ['pid'], preAuthorizedCode: 'c' });
    const byValue = credentialOfferLink({ offer });
    assert.ok(byValue.startsWith('openid-credential-offer://?credential_offer=%7B'));
    assert.deepEqual(JSON.parse(new URL(byValue).searchParams.get('credential_offer') ?? ''), offer);
    const uri = `${CI}/offers/123`;
    assert.equal(credentialOfferLink({ offerUri: uri }), `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(uri)}`);
    assert.equal(
      credentialOfferLink({ offerUri: uri, scheme: 'haip-vci://' }).startsWith('haip-vci://?credential_offer_uri=https%3A%2F%2F'),
      true,
    );
  });
});

describe('tx_code', () => {
  it('validates the tx_code object', () => {
    assert.deepEqual(txCodeSchema.parse({}), { input_mode: 'numeric' });
    for (const bad of [
      { length: 0 },
      { length: 33 },
      { length: 2.5 },
      { input_mode: 'emoji' },
      { description: 'x'.repeat(301) },
      { extra: 1 },
    ]) {
      assert.equal(txCodeSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('generates numeric codes of the requested length, default 6', () => {
    assert.match(generateTxCodeValue({}, randomBytes), /^\d{6}$/);
    assert.match(generateTxCodeValue({ input_mode: 'numeric', length: 32 }, randomBytes), /^\d{32}$/);
  });

  it('rejects biased bytes instead of folding them', () => {
    const feed = [255, 251, 250, 9, 0, 249];
    const value = generateTxCodeValue({ length: 3 }, (n) => Uint8Array.from({ length: n }, (_, i) => feed[i % feed.length] as number));
    assert.equal(value, '909');
  });

  it('generates unambiguous text codes', () => {
    const value = generateTxCodeValue({ input_mode: 'text', length: 200 }, randomBytes);
    assert.match(value, /^[A-HJ-NP-Z2-9]{200}$/);
  });
});
