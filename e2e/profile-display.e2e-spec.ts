import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'branding';

/** Every member of the OID4VCI 1.0 credential display object (§12.2.4), in two locales. */
const DISPLAY = [
  {
    name: 'ACME Identity',
    locale: 'en',
    logo: { uri: 'https://acme.example/logo.png', alt_text: 'ACME logo' },
    description: 'Proof of identity issued by ACME',
    background_color: '#12107c',
    background_image: { uri: 'https://acme.example/card.png' },
    text_color: '#ffffff',
  },
  { name: 'ACME Identität', locale: 'de' },
];

/** The profile's `display` is checked against the OID4VCI display shape, and what it accepts reaches `<display>`. */
describe(`profile display (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let keyId: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    keyId = (await createSdJwtIssuer(admin, { issuerId: ISSUER_ID })).keyId;
  });
  after(async () => platform?.stop());

  const profileBody = (change: Record<string, unknown>) => ({
    name: 'Branded identity',
    credentialConfigurationId: 'identity_sd_jwt',
    issuerKeyId: keyId,
    credentialData: { given_name: 'Erika' },
    mapping: { branding: '<display>' },
    ...change,
  });
  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

  it('refuses displays outside the OID4VCI shape with problem+json naming the field (profiles and runtime overrides)', async () => {
    const cases: [unknown, string[]][] = [
      [[{ locale: 'en' }], ['display.0.name']],
      [[DISPLAY[0], { name: 'x', backgroundColor: '#123456' }], ['display.1.backgroundColor']],
      [[{ name: 'x', background_color: 'blue' }], ['display.0.background_color']],
      [[{ name: 'x', logo: { uri: 'javascript:alert(1)' } }], ['display.0.logo.uri']],
      [
        [
          { name: 'x', locale: 'en' },
          { name: 'y', locale: 'en' },
        ],
        ['display.1.locale'],
      ],
      [[], ['display']],
      [{ name: 'x' }, ['display']],
    ];
    for (const [display, expected] of cases) {
      const refused = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, profileBody({ display }));
      assert.equal(refused.status, 400, JSON.stringify(display));
      assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.deepEqual(paths(refused.body), expected, JSON.stringify(refused.body));
    }
    const profileId = (await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, profileBody({}))).body.profileId;
    const override = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { display: [{ name: 'x', text_color: 'white' }] },
    });
    assert.equal(override.status, 400);
    assert.deepEqual(paths(override.body), ['runtimeOverrides.display.0.text_color']);
  });

  it('accepts the full display, keeps it as sent, and the credential carries it through <display> (also from an override)', async () => {
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, profileBody({ display: DISPLAY }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const stored = await admin.get(`/api/v1/issuers/${ISSUER_ID}/profiles/${created.body.profileId}`);
    assert.deepEqual(stored.body.display, DISPLAY);

    const ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    const issue = async (body: Record<string, unknown> = {}) => {
      const offer = await createOffer(admin, ISSUER_ID, created.body.profileId, body);
      const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: JWK[] };
      return (await verifySdJwtVc(credential!, jwks, { iss: ci })).claims;
    };
    // walt.id's embedded branding names the members in camelCase.
    assert.deepEqual((await issue())['branding'], [
      {
        name: 'ACME Identity',
        locale: 'en',
        logo: { url: 'https://acme.example/logo.png', altText: 'ACME logo' },
        description: 'Proof of identity issued by ACME',
        backgroundColor: '#12107c',
        backgroundImage: { url: 'https://acme.example/card.png' },
        textColor: '#ffffff',
      },
      { name: 'ACME Identität', locale: 'de' },
    ]);
    const overridden = await issue({ runtimeOverrides: { display: [{ name: 'Event badge', background_color: 'rgb(0, 128, 0)' }] } });
    assert.deepEqual(overridden['branding'], [{ name: 'Event badge', backgroundColor: 'rgb(0, 128, 0)' }]);
  });
});
