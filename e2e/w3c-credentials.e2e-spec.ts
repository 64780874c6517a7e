import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verifySDJWT } from '@meeco/sd-jwt';
import { verifyJWT } from 'did-jwt';
import { verifyCredential } from 'did-jwt-vc';
import type { DIDResolutionResult, Resolvable } from 'did-resolver';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { AdminClient, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

/**
 * An independent DID resolver for the verifiers: did:jwk decoded here, did:web fetched over HTTP from the
 * platform's public did.json (http, since tests run on 127.0.0.1). Nothing of the platform's resolver is used.
 */
function independentResolver(baseUrl: string): Resolvable {
  return {
    resolve: async (didUrl) => {
      const did = didUrl.split('#')[0]!;
      let document: Record<string, unknown>;
      if (did.startsWith('did:jwk:')) {
        const jwk = JSON.parse(Buffer.from(did.slice(8), 'base64url').toString('utf8'));
        const method = { id: `${did}#0`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk };
        document = { id: did, verificationMethod: [method], assertionMethod: [method.id] };
      } else {
        const [, , , ...path] = did.split(':');
        const url = path.length ? `${baseUrl}/${path.join('/')}/did.json` : `${baseUrl}/.well-known/did.json`;
        document = (await (await fetch(url)).json()) as Record<string, unknown>;
      }
      return { didResolutionMetadata: {}, didDocumentMetadata: {}, didDocument: document } as unknown as DIDResolutionResult;
    },
  };
}

describe(`W3C credentials (jwt_vc_json) with an independent wallet and verifiers (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let resolver: Resolvable;
  const issuerId = 'university';
  const keys: Record<string, { keyId: string; publicJwk: Record<string, unknown> }> = {};

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    resolver = independentResolver(platform.baseUrl);
    for (const type of ['ed25519', 'secp256k1', 'secp256r1', 'rsa']) {
      const created = await admin.post('/api/v1/keys', { type });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      keys[type] = created.body;
    }
    const issuer = await admin.post('/api/v1/issuers', {
      id: issuerId,
      display: [{ name: 'University', locale: 'en' }],
      credentialConfigurations: {
        degree: {
          format: 'jwt_vc_json',
          credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
          cryptographic_binding_methods_supported: ['did:jwk'],
          credential_signing_alg_values_supported: ['EdDSA', 'ES256K', 'ES256', 'ES384', 'RS256', 'PS256'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
          credential_metadata: { display: [{ name: 'Degree', locale: 'en', background_color: '#12107c', text_color: '#ffffff' }] },
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  async function profile(body: Record<string, unknown>): Promise<string> {
    const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Degree',
      credentialConfigurationId: 'degree',
      credentialData: {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
        type: ['VerifiableCredential', 'UniversityDegreeCredential'],
        credentialSubject: { degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' } },
      },
      mapping: { id: '<uuid>' },
      ...body,
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.profileId;
  }
  async function issue(profileId: string) {
    const offer = await createOffer(admin, issuerId, profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    assert.equal(result.credentials.length, 1);
    const { kty, crv, x, y } = result.holderKeys[0]!.publicJwk;
    // The platform's one did:jwk form: the key's members in RFC 7638 order, whatever order the proof header had.
    const holderDid = `did:jwk:${Buffer.from(JSON.stringify({ crv, kty, x, y })).toString('base64url')}`;
    return { credential: result.credentials[0]!, holderDid, sessionId: offer.sessionId };
  }
  const did = async (method: string, keyType: string, extra: Record<string, unknown> = {}) => {
    const created = await admin.post('/api/v1/dids', { method, keyId: keys[keyType]!.keyId, ...extra });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.did as string;
  };

  it('VCDM 1.1 JWT signed with Ed25519 for a did:jwk issuer is accepted by did-jwt-vc', async () => {
    const issuerDid = await did('jwk', 'ed25519');
    const profileId = await profile({ issuerKeyId: keys['ed25519']!.keyId, issuerDid, validity: { validFor: '365d' } });
    const { credential, holderDid, sessionId } = await issue(profileId);
    const header = decodeProtectedHeader(credential);
    assert.deepEqual([header.typ, header.alg, header.kid], ['JWT', 'EdDSA', `${issuerDid}#0`]);
    const verified = await verifyCredential(credential, resolver);
    assert.equal(verified.issuer, issuerDid);
    assert.equal(verified.payload.sub, holderDid, 'the holder is the DID of the proof key');
    const vc = verified.verifiableCredential;
    assert.equal(vc.credentialSubject.id, holderDid);
    assert.equal(vc.credentialSubject['degree'].name, 'Bachelor of Science and Arts');
    assert.match(String(vc.id), /^urn:uuid:[0-9a-f-]{36}$/, 'the <uuid> data function ran');
    assert.equal(Date.parse(vc.expirationDate!) - Date.parse(vc.issuanceDate), 365 * 24 * 3600 * 1000);
    const session = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`);
    assert.equal(session.body.credentials[0].format, 'jwt_vc_json');
  });

  it('VCDM 2.0 vc+jwt signed with secp256k1 (low-S) for a did:web issuer verifies with did-jwt', async () => {
    const issuerDid = await did('web', 'secp256k1', { path: 'university' });
    const profileId = await profile({
      issuerKeyId: keys['secp256k1']!.keyId,
      issuerDid,
      w3cVersion: '2.0',
      credentialData: { type: ['UniversityDegreeCredential'], credentialSubject: { degree: { name: 'MSc' } } },
    });
    const { credential, holderDid } = await issue(profileId);
    const header = decodeProtectedHeader(credential);
    assert.deepEqual([header.typ, header.cty, header.alg], ['vc+jwt', 'vc', 'ES256K']);
    const { payload, issuer } = await verifyJWT(credential, { resolver, policies: { aud: false } });
    assert.equal(issuer, issuerDid);
    assert.equal(payload['vc'], undefined, 'VCDM 2.0 has no vc claim');
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.equal(payload['issuer'], issuerDid);
    assert.equal(payload['credentialSubject'].id, holderDid);
    assert.ok(!Number.isNaN(Date.parse(payload['validFrom'])));
    const s = Buffer.from(credential.split('.')[2]!, 'base64url').subarray(32);
    const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
    assert.ok(BigInt(`0x${s.toString('hex')}`) <= halfOrder, 'secp256k1 signatures are low-S');
  });

  it('VCDM 2.0 as vc+sd-jwt (P-256, issuer = credential issuer URL, key in /jwks) discloses selectively', async () => {
    const profileId = await profile({
      issuerKeyId: keys['secp256r1']!.keyId,
      w3cVersion: '2.0',
      credentialData: { credentialSubject: { name: 'Erika', degree: { name: 'BSc' } } },
      selectiveDisclosure: { fields: { credentialSubject: { sd: false, children: { fields: { degree: { sd: true } } } } } },
    });
    const { credential } = await issue(profileId);
    const jwks = (await (await fetch(`${platform.baseUrl}/issuers/${issuerId}/jwks`)).json()) as { keys: { kid: string }[] };
    const [jwt] = credential.split('~');
    const header = decodeProtectedHeader(jwt!);
    assert.deepEqual([header.typ, header.alg], ['vc+sd-jwt', 'ES256']);
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, 'the kid is published in /jwks');
    const publicKey = await importJWK(jwk, 'ES256');
    const sha256 = (data: string) => createHash('sha256').update(data).digest('base64url');
    const claims = (await verifySDJWT(
      credential,
      async (token) => Boolean(await jwtVerify(token, publicKey, { typ: 'vc+sd-jwt' })),
      async () => sha256,
    )) as any;
    assert.equal(claims.issuer, `${platform.baseUrl}/issuers/${issuerId}`);
    assert.deepEqual(claims.credentialSubject.degree, { name: 'BSc' });
    assert.equal(JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString()).credentialSubject.degree, undefined);
  });

  it('VCDM 1.1 signed with RS256, PS256 and ES384 verifies with jose against /jwks', async () => {
    for (const [type, alg] of [
      ['rsa', 'RS256'],
      ['rsa', 'PS256'],
      ['secp384r1', 'ES384'],
    ]) {
      const key = await admin.post('/api/v1/keys', { type, alg });
      assert.equal(key.status, 201, JSON.stringify(key.body));
      assert.equal(key.body.alg, alg);
      const { credential } = await issue(await profile({ issuerKeyId: key.body.keyId }));
      const jwks = (await (await fetch(`${platform.baseUrl}/issuers/${issuerId}/jwks`)).json()) as { keys: { kid: string }[] };
      const header = decodeProtectedHeader(credential);
      assert.equal(header.alg, alg);
      // A JWKS-based verifier picks the key by kid and alg: the published JWK must say the algorithm the key signs with.
      const { payload } = await jwtVerify(credential, createLocalJWKSet(jwks as never), { typ: 'JWT', algorithms: [alg] });
      assert.equal(payload.iss, `${platform.baseUrl}/issuers/${issuerId}`);
    }
    const refused = await admin.post('/api/v1/keys', { type: 'secp256r1', alg: 'PS256' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].path, 'alg');
  });

  it('refuses profiles the format cannot serve, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { issuerKeyId: keys['secp256r1']!.keyId, selectiveDisclosure: { fields: { credentialSubject: { sd: true } } } },
        'selectiveDisclosure',
      ],
      [{ issuerKeyId: keys['secp256r1']!.keyId, mDocNameSpacesDataMappingConfig: {} }, 'mDocNameSpacesDataMappingConfig'],
    ];
    for (const [body, path] of cases) {
      const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: 'x',
        credentialConfigurationId: 'degree',
        ...body,
      });
      assert.equal(response.status, 400);
      assert.ok(
        response.body.errors.some((e: { path: string }) => e.path === path),
        JSON.stringify(response.body.errors),
      );
    }
  });
});
