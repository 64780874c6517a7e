import 'reflect-metadata'; // before @peculiar/x509
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { decodeProtectedHeader, importJWK, importX509, jwtVerify, type JWK } from 'jose';
import { MDL_EXAMPLE } from '@issuer/credentials';
import { AdminClient, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createIssuer, PID_SD_JWT } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const target = process.env.E2E_TARGET ?? 'standalone';
type Jwk = Record<string, unknown>;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

/**
 * The verification method a DID URL names, resolved here and not by the platform: did:jwk decoded (did:jwk §2.3,
 * its only method is `#0`), did:web fetched from the URL the DID itself spells (http: the tests run on localhost).
 */
async function resolveVerificationKey(didUrl: string): Promise<JWK> {
  const [did, fragment] = didUrl.split('#') as [string, string];
  if (did.startsWith('did:jwk:')) {
    assert.equal(fragment, '0');
    return JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as JWK;
  }
  assert.ok(did.startsWith('did:web:'), did);
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  const url = `http://${decodeURIComponent(host!)}/${path.length ? `${path.join('/')}` : '.well-known'}/did.json`;
  const document = (await (await fetch(url)).json()) as { id: string; verificationMethod: { id: string; publicKeyJwk: JWK }[] };
  assert.equal(document.id, did);
  const method = document.verificationMethod.find((m) => m.id === didUrl || `${did}${m.id}` === didUrl);
  assert.ok(method, `${didUrl} is a verification method of ${url}`);
  return method.publicKeyJwk;
}

/**
 * How a verifier finds and trusts an SD-JWT VC issuer's key (SD-JWT VC §3.5), checked with independent code:
 * an `x5c` chain whose leaf SAN names the `iss` URL and host (node:crypto, @peculiar/x509, jose), or a DID `iss`
 * with a DID URL `kid`; and mdoc profiles refuse a DID.
 */
describe(`SD-JWT VC issuer identification (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const issuerId = 'identified';
  let credentialIssuer: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    credentialIssuer = `${platform.baseUrl}/issuers/${issuerId}`;
    await createIssuer(admin, {
      id: issuerId,
      credentialConfigurations: { pid: PID_SD_JWT, [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration },
    });
  });
  after(async () => platform?.stop());

  const newKey = async (type = 'secp256r1') => (await admin.post('/api/v1/keys', { type })).body as { keyId: string; publicJwk: Jwk };
  async function issue(profile: Record<string, unknown>): Promise<string> {
    const created = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'PID',
      credentialConfigurationId: 'pid',
      credentialData: { given_name: 'Erika' },
      ...profile,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const offer = await createOffer(admin, issuerId, created.body.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    return result.credentials[0]!.split('~')[0]!;
  }

  it('x5c: a certificate with subjectAlternativeNames naming the issuer host and URL identifies the iss', async () => {
    const key = await newKey();
    const host = new URL(platform.baseUrl).hostname;
    const subjectAlternativeNames = {
      // 127.0.0.1 is an iPAddress name, localhost a dNSName (RFC 5280 §4.2.1.6).
      ...(isIP(host) ? { ipAddresses: [host] } : { dnsNames: [host] }),
      uris: [credentialIssuer],
    };
    const certificate = await admin.post('/api/v1/certificates', {
      profile: 'self-signed',
      keyId: key.keyId,
      subject: { commonName: 'Identified Issuer', country: 'DE' },
      subjectAlternativeNames,
    });
    assert.equal(certificate.status, 201, JSON.stringify(certificate.body));

    const jwt = await issue({ issuerKeyId: key.keyId, certificateId: certificate.body.certificateId });
    const header = decodeProtectedHeader(jwt);
    assert.equal(header.x5c?.length, 1);
    const leafPem = `-----BEGIN CERTIFICATE-----\n${header.x5c![0]}\n-----END CERTIFICATE-----`;
    // The chain (here: one self-signed certificate) verifies, and the JWT verifies with the leaf's key.
    const leaf = new x509.X509Certificate(leafPem);
    assert.ok(await leaf.isSelfSigned());
    assert.ok(await leaf.verify({ publicKey: leaf.publicKey }), 'the certificate signature and validity period verify');
    const { payload } = await jwtVerify(jwt, await importX509(leafPem, String(header.alg)), { typ: 'dc+sd-jwt' });
    assert.equal(payload.iss, credentialIssuer);
    // SD-JWT VC §3.5: the iss URL is a SAN URI of the leaf, and its host a SAN dNSName / iPAddress.
    const iss = new URL(payload.iss!);
    const node = new NodeX509(leafPem);
    assert.ok(node.subjectAltName!.split(', ').includes(`URI:${payload.iss}`), node.subjectAltName);
    assert.ok(isIP(iss.hostname) ? node.checkIP(iss.hostname) : node.checkHost(iss.hostname) === iss.hostname, node.subjectAltName);
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)!;
    assert.equal(san.critical, false);
    assert.deepEqual(
      san.names.items.map((name) => [name.type, name.value]),
      [
        [isIP(host) ? 'ip' : 'dns', host],
        ['url', credentialIssuer],
      ],
    );
  });

  it('refuses bad subjectAlternativeNames with problem+json naming the field', async () => {
    const key = await newKey();
    const create = (subjectAlternativeNames: unknown) =>
      admin.post('/api/v1/certificates', {
        profile: 'self-signed',
        keyId: key.keyId,
        subject: { commonName: 'I', country: 'DE' },
        subjectAlternativeNames,
      });
    const cases: [unknown, string][] = [
      [{ dnsNames: ['issuer.example', 'not a host'] }, 'subjectAlternativeNames.dnsNames.1'],
      [{ uris: ['urn:example:issuer'] }, 'subjectAlternativeNames.uris.0'],
      [{ uris: ['/relative/path'] }, 'subjectAlternativeNames.uris.0'],
      [{ ipAddresses: ['localhost'] }, 'subjectAlternativeNames.ipAddresses.0'],
      [{ emails: ['a@b.example'] }, 'subjectAlternativeNames'],
      [{}, 'subjectAlternativeNames'],
    ];
    for (const [names, path] of cases) {
      const response = await create(names);
      assert.equal(response.status, 400, JSON.stringify(names));
      assert.match(String(response.headers.get('content-type')), /application\/problem\+json/);
      assert.ok(paths(response.body).includes(path), `${path} in ${JSON.stringify(response.body.errors)}`);
    }
  });

  for (const method of ['jwk', 'web'] as const) {
    it(`issuerDid (did:${method}): iss is the DID, kid its verification method, no x5c; verified through the DID`, async () => {
      const key = await newKey(method === 'jwk' ? 'ed25519' : 'secp256r1');
      const did = await admin.post('/api/v1/dids', { method, keyId: key.keyId, ...(method === 'web' ? { path: 'identified' } : {}) });
      assert.equal(did.status, 201, JSON.stringify(did.body));
      const issuerDid = did.body.did as string;
      // A certificate on the profile too: with a DID iss the x5c mechanism is left out (its SAN cannot name a DID).
      const certificate = await admin.post('/api/v1/certificates', {
        profile: 'self-signed',
        keyId: key.keyId,
        subject: { commonName: 'Identified Issuer', country: 'DE' },
      });
      const jwt = await issue({ issuerKeyId: key.keyId, issuerDid, certificateId: certificate.body.certificateId });
      const header = decodeProtectedHeader(jwt);
      assert.equal(header.x5c, undefined);
      assert.ok(header.kid?.startsWith(`${issuerDid}#`), `kid ${header.kid} is a DID URL of ${issuerDid}`);
      const jwk = await resolveVerificationKey(header.kid!);
      const { payload } = await jwtVerify(jwt, await importJWK(jwk, String(header.alg)), { typ: 'dc+sd-jwt' });
      assert.equal(payload.iss, issuerDid);
      assert.equal(header.kid!.split('#')[0], payload.iss, 'the kid belongs to the iss DID');
    });
  }

  it('refuses issuerDid on an mso_mdoc profile (create, update, runtime overrides) naming the field', async () => {
    const [iacaKey, dsKey] = [await newKey(), await newKey()];
    const iaca = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey.keyId,
      subject: { commonName: 'I', country: 'US' },
    });
    const ds = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: dsKey.keyId,
      issuerCertificateId: iaca.body.certificateId,
      subject: { commonName: 'DS', country: 'US' },
    });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));
    const issuerDid = (await admin.post('/api/v1/dids', { method: 'jwk', keyId: dsKey.keyId })).body.did as string;
    const body = { ...MDL_EXAMPLE.profile, issuerKeyId: dsKey.keyId, certificateId: ds.body.certificateId };
    const refusedCreate = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { ...body, issuerDid });
    assert.equal(refusedCreate.status, 400, JSON.stringify(refusedCreate.body));
    assert.match(String(refusedCreate.headers.get('content-type')), /application\/problem\+json/);
    assert.deepEqual(paths(refusedCreate.body), ['issuerDid']);

    const created = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const profileId = created.body.profileId as string;
    const refusedUpdate = await admin.put(`/api/v1/issuers/${issuerId}/profiles/${profileId}`, { ...body, issuerDid });
    assert.equal(refusedUpdate.status, 400, JSON.stringify(refusedUpdate.body));
    assert.deepEqual(paths(refusedUpdate.body), ['issuerDid']);
    const refusedOffer = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { issuerDid },
    });
    assert.equal(refusedOffer.status, 400, JSON.stringify(refusedOffer.body));
    assert.deepEqual(paths(refusedOffer.body), ['runtimeOverrides.issuerDid']);
  });
});
