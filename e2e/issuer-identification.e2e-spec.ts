import 'reflect-metadata'; // before @peculiar/x509
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { AdminClient, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const target = process.env.E2E_TARGET ?? 'standalone';
type Jwk = Record<string, unknown>;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

/**
 * How a verifier finds and trusts an SD-JWT VC issuer's key (SD-JWT VC §3.5), checked with independent code:
 * an `x5c` chain whose leaf SAN names the `iss` URL and host (node:crypto, @peculiar/x509, jose).
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
    const issuer = await admin.post('/api/v1/issuers', {
      id: issuerId,
      credentialConfigurations: {
        pid: {
          format: 'dc+sd-jwt',
          cryptographic_binding_methods_supported: ['jwk'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: { display: [{ name: 'PID' }] },
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
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
});
