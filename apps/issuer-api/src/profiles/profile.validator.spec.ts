import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { KeyDto, PublicJwk } from '@issuer/contracts';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import { authorizationConfigSchema } from '../authorization/authorization-config.schema';
import { profileSchema, type ProfileBody } from './profile.schema';
import { validateProfile, type KeyLookup } from './profile.validator';

/** A self-signed P-256 test certificate (CN=test-issuer), valid PEM for x5Chain. */
const VALID_PEM = `-----BEGIN CERTIFICATE-----
MIIBgjCCASmgAwIBAgIUCwXeUkv4orTzzDrbGUfDBh4OLcIwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLdGVzdC1pc3N1ZXIwIBcNMjYxMTI4MjEwMzQ3WhgPMjEyNjEx
MDQyMTAzNDdaMBYxFDASBgNVBAMMC3Rlc3QtaXNzdWVyMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAE1lX4GnlEViL7WAgwZ5OEhL80f8ArDM8/gfaG0akgy0Z5vt4a
dxbfwetTUk5HAoknCHSYiZYit46SGlGgbbqLy6NTMFEwHQYDVR0OBBYEFKQgJYh/
FcWicf1KQebJ5iIKZyNwMB8GA1UdIwQYMBaAFKQgJYh/FcWicf1KQebJ5iIKZyNw
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgCDI0g+cAnjdK0NgX
gIxdMV58hN9dOehhnzCE/yEkg2UCIFKVWglA7KyPMghQf4kIreij39EhE2JsF1s0
t59tM7/s
-----END CERTIFICATE-----`;

const P256_KEY_ID = '11111111-1111-4111-8111-111111111111';
const RSA_KEY_ID = '22222222-2222-4222-8222-222222222222';
const MISSING_KEY_ID = '33333333-3333-4333-8333-333333333333';

function key(keyId: string, type: KeyDto['type'], alg: string): KeyDto {
  // The P-256 test key is the key of VALID_PEM, so that certificate can be its x5Chain leaf.
  const exported = type === 'secp256r1' ? new X509Certificate(VALID_PEM).publicKey.export({ format: 'jwk' }) : { kty: 'RSA' };
  const publicJwk: PublicJwk = { ...exported, kty: String(exported.kty), kid: keyId };
  return { keyId, name: type, type, backend: 'local', alg, publicJwk, createdAt: '2026-01-01T00:00:00.000Z' };
}
const keys = new Map<string, KeyDto>([
  [P256_KEY_ID, key(P256_KEY_ID, 'secp256r1', 'ES256')],
  [RSA_KEY_ID, key(RSA_KEY_ID, 'rsa', 'RS256')],
]);
const lookups: string[] = [];
const lookupKey: KeyLookup = async (keyId) => {
  lookups.push(keyId);
  return keys.get(keyId);
};

const issuer: IssuerConfig = {
  id: 'acme',
  credentialConfigurations: {
    identity_sd_jwt: {
      format: 'dc+sd-jwt',
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256', 'EdDSA'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
    },
    any_alg: { format: 'dc+sd-jwt' },
  },
};

/** A profile as the schema would produce it, with `change` applied. */
function profile(change: Record<string, unknown> = {}): ProfileBody {
  const parsed = profileSchema.safeParse({
    name: 'Identity',
    credentialConfigurationId: 'identity_sd_jwt',
    issuerKeyId: P256_KEY_ID,
    credentialData: { given_name: 'Erika', address: { locality: 'Berlin' } },
    ...change,
  });
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  return parsed.data;
}

const pathsOf = async (p: ProfileBody, prefix?: string) =>
  (await validateProfile(p, issuer, { key: lookupKey }, prefix)).map((e) => e.path);

describe('validateProfile', () => {
  it('accepts a profile that can issue', async () => {
    assert.deepEqual(await validateProfile(profile(), issuer, { key: lookupKey }), []);
    const full = profile({
      issuerDid: 'did:web:issuer.example',
      x5Chain: [VALID_PEM],
      selectiveDisclosure: {
        fields: { given_name: { sd: true }, address: { sd: false, children: { fields: { locality: { sd: true } } } } },
      },
      mapping: { id: '<uuid>', issued: '<timestamp>', 'jwt:exp': '<timestamp-in:365d>' },
      validity: { validFor: '30d', validFrom: '2026-01-01T00:00:00Z' },
    });
    assert.deepEqual(await validateProfile(full, issuer, { key: lookupKey }), []);
  });

  it('accepts any key algorithm when the configuration lists none', async () => {
    assert.deepEqual(await pathsOf(profile({ credentialConfigurationId: 'any_alg', issuerKeyId: RSA_KEY_ID })), []);
  });

  it('refuses an unknown credential configuration, naming it', async () => {
    const errors = await validateProfile(profile({ credentialConfigurationId: 'nope' }), issuer, { key: lookupKey });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['credentialConfigurationId'],
    );
    assert.match(errors[0].message, /"nope"/);
  });

  it('refuses a key that does not exist', async () => {
    lookups.length = 0;
    const errors = await validateProfile(profile({ issuerKeyId: MISSING_KEY_ID }), issuer, { key: lookupKey });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['issuerKeyId'],
    );
    assert.match(errors[0].message, new RegExp(MISSING_KEY_ID));
    assert.deepEqual(lookups, [MISSING_KEY_ID], 'the key is looked up by the given id');
  });

  it('refuses a key whose algorithm the configuration does not allow', async () => {
    const errors = await validateProfile(profile({ issuerKeyId: RSA_KEY_ID }), issuer, { key: lookupKey });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['issuerKeyId'],
    );
    assert.match(errors[0].message, /RS256/);
    assert.match(errors[0].message, /ES256, EdDSA/);
  });

  it('refuses an SD map that would hide a reserved claim, or is malformed', async () => {
    const reserved = await pathsOf(profile({ selectiveDisclosure: { fields: { vct: { sd: true } } } }));
    assert.equal(reserved.length, 1);
    assert.ok(reserved[0].startsWith('selectiveDisclosure.'), reserved[0]);
    const cnf = await pathsOf(profile({ selectiveDisclosure: { fields: { cnf: { sd: true } } } }));
    assert.ok(cnf.length > 0 && cnf.every((p) => p.startsWith('selectiveDisclosure.')), String(cnf));
    const notAMap = await pathsOf(profile({ selectiveDisclosure: 'everything' }));
    assert.ok(notAMap.length > 0 && notAMap.every((p) => p.startsWith('selectiveDisclosure')), String(notAMap));
    const unknownMember = await pathsOf(profile({ selectiveDisclosure: { fields: {}, colour: 'red' } }));
    assert.deepEqual(unknownMember, ['selectiveDisclosure.colour']);
  });

  it('refuses malformed data functions, naming the mapping member', async () => {
    const unknown = await pathsOf(profile({ mapping: { id: '<no-such-function>' } }));
    assert.deepEqual(unknown, ['mapping.id']);
    const badDuration = await pathsOf(profile({ mapping: { exp: '<timestamp-in:soon>' } }));
    assert.deepEqual(badDuration, ['mapping.exp']);
    const forbidden = await pathsOf(profile({ mapping: JSON.parse('{"__proto__": {"x": 1}}') }));
    assert.ok(
      forbidden.every((p) => p.startsWith('mapping')),
      String(forbidden),
    );
  });

  it('refuses webhook data functions whose host the outbound guard refuses, naming the URL', async () => {
    const outboundRefusal = async (url: string) => (url.includes('10.0.0.1') ? 'private address' : undefined);
    const mapping = { photo: '<webhook-json:https://10.0.0.1/photo>', nested: { name: '<webhook:https://api.example.com/name>' } };
    const errors = await validateProfile(profile({ mapping }), issuer, { key: lookupKey, outboundRefusal });
    assert.deepEqual(errors, [{ path: 'mapping', message: 'https://10.0.0.1/photo cannot be called: private address' }]);
  });

  it('refuses an x5Chain entry that is not a parseable certificate, by index', async () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    assert.deepEqual(await pathsOf(profile({ x5Chain: [VALID_PEM, broken] })), ['x5Chain.1']);
    assert.deepEqual(await pathsOf(profile({ x5Chain: [broken, VALID_PEM] })), ['x5Chain.0']);
  });

  it('refuses x5Chain together with certificateId', async () => {
    const paths = await pathsOf(profile({ x5Chain: [VALID_PEM], certificateId: MISSING_KEY_ID }));
    assert.ok(paths.includes('x5Chain'), String(paths));
  });

  it('checks the login fields of API.md §11: method available, provider known, mapping destinations, walletInitiated', async () => {
    const withIdp = {
      ...issuer,
      authorization: authorizationConfigSchema.parse({ identityProviders: { keycloak: { issuer: 'https://idp.example', clientId: 'c' } } }),
    } as IssuerConfig;
    const paths = async (fields: Partial<ProfileBody>, on: IssuerConfig = withIdp) =>
      (await validateProfile(profile({ credentialData: { given_name: 'x' }, ...fields }), on, { key: lookupKey })).map((e) => e.path);
    const idp = { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' } as const;
    assert.deepEqual(
      await paths({ authentication: idp, idTokenClaimsMapping: { '$.given_name': '$.given_name' }, walletInitiated: true }),
      [],
    );
    assert.deepEqual(await paths({ authentication: { method: 'EXTERNAL_IDP', identityProvider: 'other' } }), [
      'authentication.identityProvider',
    ]);
    assert.deepEqual(await paths({ authentication: idp }, issuer), ['authentication.identityProvider']);
    assert.deepEqual(await paths({ authentication: { method: 'PASSWORD' }, idTokenClaimsMapping: { '$.username': '$.given_name' } }), []);
    assert.deepEqual(await paths({ idTokenClaimsMapping: { '$.given_name': '$.given_name' } }), ['idTokenClaimsMapping']);
    assert.ok((await paths({ authentication: idp, idTokenClaimsMapping: { '$.a': '$.missing' } }))[0].startsWith('idTokenClaimsMapping'));
    assert.deepEqual(await paths({ walletInitiated: true }), ['walletInitiated']);
  });

  it('refuses a validity.validFor that is not a positive duration', async () => {
    for (const validFor of ['forever', '0s', '10', '1d1w', '']) {
      const errors = await validateProfile(profile({ validity: { validFor } }), issuer, { key: lookupKey });
      assert.deepEqual(
        errors.map((e) => e.path),
        ['validity.validFor'],
        validFor,
      );
    }
    assert.deepEqual(await pathsOf(profile({ validity: { validFor: '1h30m' } })), []);
  });

  it('reports every problem at once', async () => {
    const paths = await pathsOf(
      profile({ credentialConfigurationId: 'nope', issuerKeyId: MISSING_KEY_ID, mapping: { a: '<bogus>' }, validity: { validFor: 'x' } }),
    );
    assert.deepEqual(paths.sort(), ['credentialConfigurationId', 'issuerKeyId', 'mapping.a', 'validity.validFor']);
  });

  it('prefixes field paths (runtimeOverrides for offers)', async () => {
    const paths = await pathsOf(
      profile({
        issuerKeyId: RSA_KEY_ID,
        mapping: { a: '<bogus>' },
        selectiveDisclosure: { fields: { vct: { sd: true } } },
        x5Chain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
        credentialStatus: { type: 'BitstringStatusList' },
        validity: { validFor: 'x' },
      }),
      'offers.3.runtimeOverrides',
    );
    for (const expected of [
      'offers.3.runtimeOverrides.issuerKeyId',
      'offers.3.runtimeOverrides.mapping.a',
      'offers.3.runtimeOverrides.x5Chain.0',
      'offers.3.runtimeOverrides.credentialStatus.type',
      'offers.3.runtimeOverrides.validity.validFor',
    ]) {
      assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
    }
    assert.ok(
      paths.some((p) => p.startsWith('offers.3.runtimeOverrides.selectiveDisclosure.')),
      paths.join(', '),
    );
    assert.ok(
      paths.filter((p) => p !== 'credentialConfigurationId').every((p) => p.startsWith('offers.3.runtimeOverrides.')),
      paths.join(', '),
    );
  });
});
