import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { AdminClient, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

/** The issuer's branding (OID4VCI 1.0 §12.2.4 `display`). */
const ISSUER_DISPLAY = [
  { name: 'Stadt Musterhausen', locale: 'de-DE', logo: { uri: 'https://musterhausen.example/logo.png', alt_text: 'Stadtwappen' } },
  { name: 'City of Musterhausen', locale: 'en-US', logo: { uri: 'https://musterhausen.example/logo.png', alt_text: 'Coat of arms' } },
];

/** A credential configuration's branding and claim labels (OID4VCI 1.0 §12.2.4 `credential_metadata`, Appendix B.2). */
const CREDENTIAL_METADATA = {
  display: [
    {
      name: 'Bibliotheksausweis',
      locale: 'de-DE',
      description: 'Ausweis der Stadtbibliothek',
      logo: { uri: 'https://musterhausen.example/library.svg', alt_text: 'Buch' },
      background_image: { uri: 'https://musterhausen.example/card-de.png' },
      background_color: '#0b3d91',
      text_color: '#fafafa',
    },
    {
      name: 'Library card',
      locale: 'en-US',
      description: 'Card of the city library',
      logo: { uri: 'https://musterhausen.example/library.svg', alt_text: 'A book' },
      background_color: '#12107c',
      text_color: '#ffffff',
    },
  ],
  claims: [
    {
      path: ['given_name'],
      mandatory: true,
      display: [
        { name: 'Vorname', locale: 'de-DE' },
        { name: 'Given name', locale: 'en-US' },
      ],
    },
    { path: ['address', 'locality'], display: [{ name: 'Wohnort', locale: 'de-DE' }] },
    { path: ['card_number'] },
  ],
};

/**
 * SD-JWT VC Type Metadata (SD-JWT VC §6: `display[].rendering.simple`, claim `display[].label`) written out from
 * the configuration above by hand: what a wallet reading the vct URL must find, member by member.
 */
function expectedTypeMetadata(vct: string) {
  const [de, en] = CREDENTIAL_METADATA.display;
  return {
    vct,
    name: 'Bibliotheksausweis',
    description: 'Ausweis der Stadtbibliothek',
    display: [
      {
        locale: 'de-DE',
        name: de!.name,
        description: de!.description,
        rendering: {
          simple: {
            logo: { uri: de!.logo.uri, alt_text: 'Buch' },
            background_image: { uri: 'https://musterhausen.example/card-de.png' },
            background_color: '#0b3d91',
            text_color: '#fafafa',
          },
        },
      },
      {
        locale: 'en-US',
        name: en!.name,
        description: en!.description,
        rendering: { simple: { logo: { uri: en!.logo.uri, alt_text: 'A book' }, background_color: '#12107c', text_color: '#ffffff' } },
      },
    ],
    claims: [
      {
        path: ['given_name'],
        display: [
          { locale: 'de-DE', label: 'Vorname' },
          { locale: 'en-US', label: 'Given name' },
        ],
        mandatory: true,
      },
      { path: ['address', 'locality'], display: [{ locale: 'de-DE', label: 'Wohnort' }] },
      { path: ['card_number'] },
    ],
  };
}

describe(`branding as served: issuer metadata display and SD-JWT VC Type Metadata rendering (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let keyId: string;
  const issuerId = 'library';
  const configId = 'library_card';
  const credentialIssuer = () => `${platform.baseUrl}/issuers/${issuerId}`;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    keyId = (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body.keyId;
    const issuer = await admin.post('/api/v1/issuers', {
      id: issuerId,
      display: ISSUER_DISPLAY,
      credentialConfigurations: {
        [configId]: {
          format: 'dc+sd-jwt',
          scope: 'library',
          cryptographic_binding_methods_supported: ['jwk'],
          credential_signing_alg_values_supported: ['ES256'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: CREDENTIAL_METADATA,
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  async function issue(profile: Record<string, unknown> = {}) {
    const created = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Library card',
      credentialConfigurationId: configId,
      issuerKeyId: keyId,
      credentialData: { given_name: 'Erika', address: { locality: 'Musterhausen' }, card_number: '0815' },
      ...profile,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const offer = await createOffer(admin, issuerId, created.body.profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    return decodeJwt(credential!.split('~')[0]!) as Record<string, any>;
  }

  it('the credential issuer metadata carries the issuer display and the configuration display and claim labels as configured', async () => {
    for (const url of [
      `${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`,
      `${credentialIssuer()}/.well-known/openid-credential-issuer`,
    ]) {
      const metadata = (await (await fetch(url)).json()) as Record<string, any>;
      assert.deepEqual(metadata['display'], ISSUER_DISPLAY, url);
      const configuration = metadata['credential_configurations_supported'][configId];
      assert.deepEqual(configuration.credential_metadata.display, CREDENTIAL_METADATA.display, 'name, locale, description, logo, colours');
      assert.deepEqual(configuration.credential_metadata.claims, CREDENTIAL_METADATA.claims, 'claim paths, labels, mandatory');
    }
    // The independent wallet library reads the same branding.
    const wallet = new TestWallet();
    const resolved = await wallet.client.resolveIssuerMetadata(credentialIssuer());
    assert.deepEqual(resolved.credentialIssuer.display, ISSUER_DISPLAY);
    assert.deepEqual(resolved.credentialIssuer.credential_configurations_supported[configId]?.credential_metadata, CREDENTIAL_METADATA);
  });

  it('the Type Metadata at the credential vct URL renders the same branding (rendering.simple, claim labels), pinned by vct#integrity', async () => {
    const payload = await issue();
    const vct = payload['vct'] as string;
    assert.equal(vct, `${credentialIssuer()}/types/${configId}`);
    const response = await fetch(vct);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(payload['vct#integrity'], `sha256-${createHash('sha256').update(bytes).digest('base64')}`);
    assert.deepEqual(JSON.parse(bytes.toString('utf8')), expectedTypeMetadata(vct));
  });
});
