import 'reflect-metadata'; // before @peculiar/x509
import assert from 'node:assert/strict';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { exportJWK, generateKeyPair } from 'jose';
import { AdminClient, startTarget, type RunningPlatform, derOf, owfContext, publicMembers, type Owf } from '@issuer/testing';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const target = process.env.E2E_TARGET ?? 'standalone';
const DAY = 86_400_000;
const MDL_DS_EKU = '1.0.18013.5.1.2';
type Jwk = Record<string, unknown>;

describe(`X.509 certificates (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const keys: Record<string, { keyId: string; publicJwk: Jwk }> = {};
  let iaca: { certificateId: string; pem: string; notBefore: string; notAfter: string; chain: string[] };

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    for (const [name, type] of [
      ['iaca', 'secp256r1'],
      ['ds', 'secp256r1'],
      ['rsa', 'rsa'],
      ['k1', 'secp256k1'],
      ['ed', 'ed25519'],
    ] as const) {
      const res = await admin.post('/api/v1/keys', { type });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      keys[name] = res.body;
    }
  });
  after(async () => platform?.stop());

  const iacaSubject = { commonName: 'Example IACA', country: 'US', stateOrProvince: 'CA', organization: 'Example DMV' };

  it('creates a self-signed IACA root signed in kms (CA, pathLen 0, keyCertSign + cRLSign, SKI, C and ST)', async () => {
    const res = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: keys.iaca.keyId,
      subject: iacaSubject,
      issuerAlternativeNameUri: 'https://dmv.example.com',
      crlDistributionPointUri: 'https://dmv.example.com/iaca.crl',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    iaca = res.body;
    assert.equal(res.body.profile, 'iaca');
    assert.equal(res.body.keyId, keys.iaca.keyId);
    assert.deepEqual(res.body.subject, iacaSubject);
    assert.deepEqual(res.body.chain, [res.body.pem]);
    const cert = new x509.X509Certificate(res.body.pem);
    assert.ok(await cert.isSelfSigned(), 'the IACA is self-signed and its signature verifies');
    assert.ok(await cert.verify({ publicKey: cert.publicKey }));
    assert.equal(cert.subject, cert.issuer);
    assert.deepEqual(cert.subjectName.getField('C'), ['US']);
    assert.deepEqual(cert.subjectName.getField('ST'), ['CA']);
    assert.deepEqual(cert.subjectName.getField('CN'), ['Example IACA']);
    // The certified key is the kms key.
    assert.deepEqual(
      await cert.publicKey
        .export()
        .then((k) => webcrypto.subtle.exportKey('jwk', k as never))
        .then((jwk) => publicMembers(jwk as Jwk)),
      publicMembers(keys.iaca.publicJwk),
    );
    const basic = cert.getExtension(x509.BasicConstraintsExtension)!;
    assert.equal(basic.ca, true);
    assert.equal(basic.pathLength, 0);
    assert.equal(basic.critical, true);
    const usage = cert.getExtension(x509.KeyUsagesExtension)!;
    assert.equal(usage.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.equal(usage.critical, true);
    assert.ok(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    assert.ok(cert.getExtension(x509.CRLDistributionPointsExtension));
    assert.ok(cert.getExtension('2.5.29.18'), 'issuerAlternativeName');
    // Validity: default 10 years, notBefore about now.
    assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 3650 * DAY);
    assert.ok(Math.abs(cert.notBefore.getTime() - Date.now()) < 5 * 60_000);
    assert.equal(res.body.notBefore, cert.notBefore.toISOString());
    assert.equal(res.body.notAfter, cert.notAfter.toISOString());
    assert.ok(new NodeX509(res.body.pem).verify(new NodeX509(res.body.pem).publicKey), 'node:crypto agrees');
  });

  it('issues a Document Signer from the IACA that verifies against the IACA public key', async () => {
    const res = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: keys.ds.keyId,
      issuerCertificateId: iaca.certificateId,
      subject: { commonName: 'Example DS', country: 'US', stateOrProvince: 'CA' },
      issuerAlternativeNameUri: 'https://dmv.example.com',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.profile, 'document-signer');
    assert.deepEqual(res.body.chain, [res.body.pem], 'leaf first, trust anchor left out');
    const ds = new x509.X509Certificate(res.body.pem);
    const root = new x509.X509Certificate(iaca.pem);
    assert.ok(await ds.verify({ publicKey: root.publicKey }), 'DS verifies against the IACA key (signature and validity)');
    assert.equal(await ds.isSelfSigned(), false);
    assert.equal(ds.issuer, root.subject);
    assert.deepEqual(ds.issuerName.getField('C'), ['US']);
    assert.deepEqual(ds.issuerName.getField('ST'), ['CA']);
    assert.deepEqual(ds.subjectName.getField('C'), ['US']);
    const usage = ds.getExtension(x509.KeyUsagesExtension)!;
    assert.equal(usage.usages, x509.KeyUsageFlags.digitalSignature);
    assert.equal(usage.critical, true);
    assert.deepEqual([...ds.getExtension(x509.ExtendedKeyUsageExtension)!.usages].map(String), [MDL_DS_EKU]);
    assert.equal(
      ds.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId,
      root.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
      'AKI = IACA SKI',
    );
    assert.ok(ds.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    assert.equal(ds.notAfter.getTime() - ds.notBefore.getTime(), 365 * DAY);
    assert.ok(ds.notAfter <= root.notAfter && ds.notBefore >= root.notBefore, 'DS validity lies within the IACA validity');
    const node = new NodeX509(res.body.pem);
    assert.ok(node.checkIssued(new NodeX509(iaca.pem)) && node.verify(new NodeX509(iaca.pem).publicKey), 'node:crypto agrees');

    const again = await admin.get(`/api/v1/certificates/${res.body.certificateId}`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, res.body);
    const anchor = await admin.get(`/api/v1/certificates/${iaca.certificateId}`);
    assert.equal(anchor.status, 200);
    assert.equal(anchor.body.pem, iaca.pem);
  });

  it('refuses RSA and secp256k1 keys for mdoc profiles with 400 naming the key', async () => {
    for (const name of ['rsa', 'k1']) {
      for (const profile of ['iaca', 'document-signer']) {
        const res = await admin.post('/api/v1/certificates', {
          profile,
          keyId: keys[name].keyId,
          subject: { commonName: 'x', country: 'US' },
          ...(profile === 'document-signer' ? { issuerCertificateId: iaca.certificateId } : {}),
        });
        assert.equal(res.status, 400, `${name} ${profile}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.ok(String(res.body.detail).includes(keys[name].keyId), res.body.detail);
      }
    }
  });

  it('validates requests (400)', async () => {
    const base = { profile: 'document-signer', keyId: keys.ds.keyId, subject: { commonName: 'DS', country: 'US' } };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['DS beyond 457 days', { ...base, issuerCertificateId: iaca.certificateId, validityDays: 1000 }],
      ['DS without issuer', base],
      ['lowercase country', { ...base, issuerCertificateId: iaca.certificateId, subject: { commonName: 'DS', country: 'us' } }],
      ['unknown field', { ...base, issuerCertificateId: iaca.certificateId, extra: 1 }],
      ['issuer is not an IACA', { ...base, issuerCertificateId: keys.ds.keyId }],
      ['self-signed with issuer', { ...base, profile: 'self-signed', issuerCertificateId: iaca.certificateId }],
      ['validityDays 0', { ...base, profile: 'self-signed', validityDays: 0 }],
    ];
    for (const [label, body] of cases) {
      const res = await admin.post('/api/v1/certificates', body);
      assert.equal(res.status, 400, `${label}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  it('answers 404 for unknown or malformed certificate ids and 401 without the admin key', async () => {
    assert.equal((await admin.get('/api/v1/certificates/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await admin.get('/api/v1/certificates/not-a-uuid')).status, 404);
    const anonymous = new AdminClient(platform.baseUrl, undefined);
    for (const res of [
      await anonymous.get(`/api/v1/certificates/${iaca.certificateId}`),
      await anonymous.post('/api/v1/certificates', { profile: 'iaca', keyId: keys.iaca.keyId, subject: iacaSubject }),
      await anonymous.post('/api/v1/certificates/import', { pem: iaca.pem }),
    ]) {
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('creates self-signed certificates (Ed25519, RSA) and imports them back', async () => {
    for (const name of ['ed', 'rsa']) {
      const created = await admin.post('/api/v1/certificates', {
        profile: 'self-signed',
        keyId: keys[name].keyId,
        subject: { commonName: `x5c ${name}`, country: 'NL', organization: 'Example' },
        validityDays: 30,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const cert = new x509.X509Certificate(created.body.pem);
      assert.equal(cert.getExtension(x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.digitalSignature);
      assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 30 * DAY);
      const node = new NodeX509(created.body.pem);
      assert.ok(node.verify(node.publicKey), `${name} self-signed certificate verifies`);

      const imported = await admin.post('/api/v1/certificates/import', { pem: created.body.pem, keyId: keys[name].keyId });
      assert.equal(imported.status, 201, JSON.stringify(imported.body));
      assert.notEqual(imported.body.certificateId, created.body.certificateId);
      assert.equal(imported.body.pem, created.body.pem);
      assert.deepEqual(imported.body.chain, [created.body.pem]);
      assert.equal(imported.body.profile, 'self-signed');
      assert.equal(imported.body.keyId, keys[name].keyId);
      assert.deepEqual(imported.body.subject, created.body.subject);
      assert.equal(imported.body.notBefore, created.body.notBefore);
      assert.equal(imported.body.notAfter, created.body.notAfter);
      const fetched = await admin.get(`/api/v1/certificates/${imported.body.certificateId}`);
      assert.deepEqual(fetched.body, imported.body);
    }
    const wrongKey = await admin.post('/api/v1/certificates/import', { pem: iaca.pem, keyId: keys.ds.keyId });
    assert.equal(wrongKey.status, 400);
    assert.ok(String(wrongKey.body.detail).includes(keys.ds.keyId));
    const garbage = await admin.post('/api/v1/certificates/import', {
      pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
    });
    assert.equal(garbage.status, 400);
    assert.equal((await admin.post('/api/v1/certificates/import', { pem: 'hello' })).status, 400);
    const unbound = await admin.post('/api/v1/certificates/import', { pem: iaca.pem });
    assert.equal(unbound.status, 201);
    assert.equal(unbound.body.profile, 'iaca');
    assert.equal(unbound.body.keyId, null);
  });

  it('independent mdoc acceptance: @owf/mdoc signs with a DS certificate from this API and verifies against our IACA', async () => {
    const owf = (await import('@owf/mdoc')) as Owf;
    const ctx = owfContext(owf);
    // A P-256 key whose private JWK the test keeps: kms gets a copy; the certificate is issued for it by our API.
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const dsPrivJwk = await exportJWK(privateKey);
    const imported = await admin.post('/api/v1/keys/import', { jwk: dsPrivJwk, name: 'mdoc ds' });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    const ds = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: imported.body.keyId,
      issuerCertificateId: iaca.certificateId,
      subject: { commonName: 'mdoc DS', country: 'US', stateOrProvince: 'CA' },
    });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));

    const { publicKey: devicePublic } = await generateKeyPair('ES256', { extractable: true });
    const now = new Date();
    const issued = await new owf.Issuer('org.iso.18013.5.1.mDL', ctx as never)
      .addIssuerNamespace('org.iso.18013.5.1', {
        family_name: 'Doe',
        given_name: 'Jane',
        birth_date: new owf.DateOnly('1990-01-01'),
        issuing_country: 'US',
        issuing_jurisdiction: 'CA',
      })
      .sign({
        signingKey: owf.CoseKey.fromJwk(dsPrivJwk as Jwk),
        algorithm: owf.SignatureAlgorithm.ES256,
        digestAlgorithm: 'SHA-256',
        validityInfo: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * DAY) },
        deviceKeyInfo: { deviceKey: owf.DeviceKey.fromJwk((await exportJWK(devicePublic)) as Jwk) },
        certificates: ds.body.chain.map(derOf),
      });
    const encoded = issued.encodedForOid4Vci;
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded);
    await parsed.verify({ trustedCertificates: [derOf(iaca.pem)] }, ctx as never);
    await owf.Holder.verifyIssuerSigned({ issuerSigned: encoded, trustedCertificates: [derOf(iaca.pem)] } as never, ctx as never);
    assert.equal((parsed.getPrettyClaims('org.iso.18013.5.1') as Record<string, unknown>).family_name, 'Doe');

    // And it fails against a different trust anchor.
    const other = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: keys.ed.keyId,
      subject: { commonName: 'Other IACA', country: 'US', stateOrProvince: 'CA' },
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    await assert.rejects(parsed.verify({ trustedCertificates: [derOf(other.body.pem)] }, ctx as never));
  });
});
