import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialDataBuilder } from '../wallet/credential-data.builder';
import type { DataFunctionFetcher } from '../wallet/data-function.fetcher';
import { EXAMPLE_HOLDER_DID } from './mapping-preview';
import { previewProfile } from './profile-preview';
import type { ProfileRecord } from './profile.repository';
import type { ProfileBody } from './profile.schema';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const CONFIGURATION = {
  format: 'dc+sd-jwt',
  credential_metadata: { display: [{ name: 'Identity', locale: 'en', background_color: '#123456' }] },
};

/** The credential endpoint's own builder, with a fetcher that records every URL it is asked for. */
function builder() {
  const fetched: string[] = [];
  const fetcher = {
    fetchText: async (url: string) => {
      fetched.push(url);
      return '{"from":"remote"}';
    },
  } as unknown as DataFunctionFetcher;
  return { builder: new CredentialDataBuilder(fetcher), fetched };
}

function record(body: Partial<ProfileBody>, status: ProfileRecord['status'] = 'ACTIVE'): ProfileRecord {
  return {
    issuerId: 'acme',
    profileId: 'pid',
    version: 3,
    status,
    body: {
      name: 'PID',
      credentialConfigurationId: 'pid_sd_jwt',
      issuerKeyId: '11111111-1111-4111-8111-111111111111',
      credentialData: {},
      ...body,
    },
    createdAt: NOW,
    updatedAt: NOW,
  };
}

describe('profile preview (what the credential data becomes)', () => {
  it('merges the typed credentialData as an offer would, and evaluates the exact functions for real', async () => {
    const { builder: b } = builder();
    const preview = await previewProfile(
      b,
      record({
        credentialData: { given_name: 'Erika', address: { locality: 'Berlin', country: 'DE' }, nationalities: ['DE', 'FR'] },
        mapping: { issuer: '<issuerId>', profile: '<context:profileId>', branding: '<display>' },
      }),
      CONFIGURATION,
      { credentialData: { address: { locality: 'Köln' }, nationalities: ['AT'] } },
      NOW,
    );
    assert.deepEqual(preview.credentialData, {
      given_name: 'Erika',
      address: { locality: 'Köln', country: 'DE' },
      nationalities: ['AT'],
      issuer: 'acme',
      profile: 'pid',
      branding: [{ name: 'Identity', locale: 'en', backgroundColor: '#123456' }],
    });
    assert.deepEqual(preview.placeholders, [], 'nothing here depends on an issuance');
    assert.equal(preview.version, 3);
    assert.equal(preview.previewedAt, NOW.toISOString());
    assert.equal(preview.failure, undefined);
  });

  it("<display> takes the profile's own display over the configuration's, in the same walt.id camelCase shape", async () => {
    const { builder: b } = builder();
    const display = [
      { name: 'Branded', locale: 'en', logo: { uri: 'https://issuer.example/logo.png', alt_text: 'Logo' }, text_color: '#ffffff' },
    ];
    const preview = await previewProfile(b, record({ display, mapping: { branding: '<display>' } }), CONFIGURATION, {}, NOW);
    assert.deepEqual(preview.credentialData.branding, [
      { name: 'Branded', locale: 'en', logo: { url: 'https://issuer.example/logo.png', altText: 'Logo' }, textColor: '#ffffff' },
    ]);
  });

  it('shows holder, session, per-credential and time values as labelled examples, at their place in the data or the JWT', async () => {
    const { builder: b } = builder();
    const preview = await previewProfile(
      b,
      record({
        credentialData: { tags: ['a', 'b'] },
        mapping: {
          holder: '<subjectDid>',
          session: '<context:sessionId>',
          tags: ['<uuid>'],
          'jwt:jti': '<last:uuid>',
          renew_after: '<timestamp-in:30d>',
        },
      }),
      CONFIGURATION,
      {},
      NOW,
    );
    const byFunction = new Map(preview.placeholders.map((p) => [p.function, p]));
    assert.equal(preview.credentialData.holder, EXAMPLE_HOLDER_DID);
    assert.deepEqual(byFunction.get('<subjectDid>')?.kind, 'holder');
    assert.deepEqual(byFunction.get('<subjectDid>')?.path, ['holder']);
    assert.equal(byFunction.get('<context:sessionId>')?.kind, 'session');
    // The mapping's array is appended to the data's: its element lands after the two the data had.
    const uuid = byFunction.get('<uuid>')!;
    assert.deepEqual([uuid.target, uuid.path, uuid.kind], ['credentialData', ['tags', 2], 'per-credential']);
    assert.match(String(uuid.value), /^urn:uuid:/);
    assert.deepEqual((preview.credentialData.tags as string[]).slice(0, 2), ['a', 'b']);
    const jti = byFunction.get('<last:uuid>')!;
    assert.deepEqual([jti.target, jti.path], ['jwtClaims', ['jti']]);
    assert.equal(preview.jwtClaims.jti, uuid.value, '<last:uuid> repeats the example UUID');
    assert.match(jti.reason, /repeats the last <uuid>/);
    assert.equal(byFunction.get('<timestamp-in:30d>')?.value, '2026-03-31T10:00:00.000Z');
    assert.equal(byFunction.get('<timestamp-in:30d>')?.kind, 'signing-time');
    assert.equal(preview.placeholders.length, 5);
  });

  it('calls no webhook: their values are labelled texts naming the URL without its query', async () => {
    const { builder: b, fetched } = builder();
    const preview = await previewProfile(
      b,
      record({ mapping: { person: '<webhook-json:https://hr.example/people?apiKey=s3cret>', again: '<last:webhook-json>' } }),
      CONFIGURATION,
      {},
      NOW,
    );
    assert.deepEqual(fetched, []);
    assert.equal(preview.credentialData.person, '[fetched at issuance: https://hr.example/people]');
    assert.match(String(preview.credentialData.again), /last <webhook-json:…> call/);
    assert.doesNotMatch(JSON.stringify(preview), /s3cret/);
    assert.deepEqual(
      preview.placeholders.map((p) => [p.function, p.kind, p.path]),
      [
        ['<webhook-json:https://hr.example/people>', 'webhook', ['person']],
        ['<last:webhook-json>', 'webhook', ['again']],
      ],
    );
  });

  it('says what the credential endpoint would refuse (a data function without a value), with the data before the mapping', async () => {
    const { builder: b } = builder();
    const preview = await previewProfile(
      b,
      record({ credentialData: { a: 1 }, mapping: { issuer: { id: '<issuerDid>' } } }),
      CONFIGURATION,
      {},
      NOW,
    );
    assert.match(preview.failure?.message ?? '', /issuerDid/);
    assert.deepEqual(
      preview.failure?.errors.map((e) => e.path),
      ['mapping.issuer.id'],
    );
    assert.deepEqual(preview.credentialData, { a: 1 });
  });

  it('warns about what changes the data later: login claims, deferred approval, an inactive profile', async () => {
    const { builder: b } = builder();
    const preview = await previewProfile(
      b,
      record(
        {
          credentialData: { given_name: 'placeholder', address: { locality: '' } },
          idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.city': '$.address.locality' },
          issuance: { mode: 'DEFERRED' },
        },
        'INACTIVE',
      ),
      CONFIGURATION,
      {},
      NOW,
    );
    assert.deepEqual(
      preview.warnings.map((w) => w.path ?? null),
      [null, ['given_name'], ['address', 'locality'], null],
    );
    assert.match(preview.warnings[0]!.message, /INACTIVE/);
    assert.match(preview.warnings[2]!.message, /login claim \$\.city/);
    assert.match(preview.warnings[3]!.message, /Deferred/);
  });
});
