import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { certificateCreateRequestSchema, MDL_DS_EKU_OID, type KeyType } from '@issuer/contracts';
import { signBytes } from '../keys/key-material';
import { buildCertificate, keyIdentifierOf, spkiOfJwk, unsupportedKeyReason, x509, type CertificateIssuer } from './certificate-builder';

const DAY = 86_400_000;

function keyPair(type: KeyType): { privateKey: KeyObject; spki: Buffer } {
  const privateKey =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519').privateKey
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
        : generateKeyPairSync('ec', { namedCurve: type === 'secp384r1' ? 'secp384r1' : 'prime256v1' }).privateKey;
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>;
  return { privateKey, spki: spkiOfJwk({ ...jwk, kid: 'ignored', alg: 'ignored' }) };
}

/** Signs exactly like kms (signBytes: JWS form), so the builder's r‖s → DER conversion is exercised. */
function issuerFor(type: KeyType, privateKey: KeyObject, certificate?: x509.X509Certificate): CertificateIssuer {
  return { keyType: type, certificate, sign: async (tbs, alg) => signBytes(privateKey, alg, tbs) };
}

const window = () => {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + 365 * DAY) };
};

describe('certificate builder', () => {
  it('builds a self-signed IACA with the ISO 18013-5 CA extensions', async () => {
    const { privateKey, spki } = keyPair('secp256r1');
    const iaca = await buildCertificate(
      {
        profile: 'iaca',
        subject: { commonName: 'Test IACA', country: 'US', stateOrProvince: 'CA', organization: 'Test DMV' },
        subjectSpki: spki,
        ...window(),
        issuerAlternativeNameUri: 'https://dmv.example/iaca',
        crlDistributionPointUri: 'https://dmv.example/crl',
      },
      issuerFor('secp256r1', privateKey),
    );
    assert.ok(await iaca.isSelfSigned());
    assert.ok(await iaca.verify({ publicKey: iaca.publicKey, signatureOnly: true }));
    assert.equal((iaca.signatureAlgorithm as unknown as { name: string }).name, 'ECDSA');
    assert.equal(iaca.subject, 'C=US, ST=CA, O=Test DMV, CN=Test IACA');
    assert.equal(iaca.issuer, iaca.subject);
    const basic = iaca.getExtension(x509.BasicConstraintsExtension)!;
    assert.equal(basic.ca, true);
    assert.equal(basic.pathLength, 0);
    assert.equal(basic.critical, true);
    const usage = iaca.getExtension(x509.KeyUsagesExtension)!;
    assert.equal(usage.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.equal(usage.critical, true);
    assert.equal(iaca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId, keyIdentifierOf(spki).toString('hex'));
    const crl = iaca.getExtension(x509.CRLDistributionPointsExtension)!;
    assert.match(JSON.stringify(crl.distributionPoints), /dmv\.example\/crl/);
    const ian = iaca.getExtension('2.5.29.18')!;
    assert.ok(Buffer.from(ian.value).toString('latin1').includes('https://dmv.example/iaca'));
    assert.equal(iaca.getExtension(x509.ExtendedKeyUsageExtension), null);
  });

  for (const type of ['secp256r1', 'secp384r1', 'ed25519'] as const) {
    it(`issues a Document Signer from a ${type} IACA that verifies against the IACA key`, async () => {
      const root = keyPair(type);
      const iaca = await buildCertificate(
        { profile: 'iaca', subject: { commonName: 'IACA', country: 'DE', stateOrProvince: 'BE' }, subjectSpki: root.spki, ...window() },
        issuerFor(type, root.privateKey),
      );
      const leaf = keyPair('secp256r1');
      const ds = await buildCertificate(
        {
          profile: 'document-signer',
          subject: { commonName: 'DS', country: 'DE', stateOrProvince: 'BE' },
          subjectSpki: leaf.spki,
          ...window(),
          issuerAlternativeNameUri: 'https://issuer.example',
        },
        issuerFor(type, root.privateKey, iaca),
      );
      assert.ok(await ds.verify({ publicKey: iaca.publicKey, signatureOnly: true }), 'DS signature verifies under the IACA key');
      assert.equal(await ds.isSelfSigned(), false);
      assert.equal(ds.issuer, iaca.subject);
      assert.deepEqual(ds.issuerName.getField('C'), ['DE']);
      assert.deepEqual(ds.issuerName.getField('ST'), ['BE']);
      assert.deepEqual(ds.subjectName.getField('C'), ['DE']);
      assert.deepEqual(ds.subjectName.getField('ST'), ['BE']);
      const usage = ds.getExtension(x509.KeyUsagesExtension)!;
      assert.equal(usage.usages, x509.KeyUsageFlags.digitalSignature);
      assert.equal(usage.critical, true);
      const eku = ds.getExtension(x509.ExtendedKeyUsageExtension)!;
      assert.deepEqual([...eku.usages].map(String), [MDL_DS_EKU_OID]);
      assert.equal(eku.critical, true);
      assert.equal(
        ds.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId,
        iaca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
      );
      assert.equal(ds.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId, keyIdentifierOf(leaf.spki).toString('hex'));
      assert.equal(ds.getExtension(x509.BasicConstraintsExtension), null);
      // Independent check with node's X509Certificate.
      const { X509Certificate } = await import('node:crypto');
      assert.ok(new X509Certificate(Buffer.from(ds.rawData)).verify(new X509Certificate(Buffer.from(iaca.rawData)).publicKey));
    });
  }

  it('builds self-signed RSA and Ed25519 certificates for x5c', async () => {
    for (const type of ['rsa', 'ed25519'] as const) {
      const { privateKey, spki } = keyPair(type);
      const cert = await buildCertificate(
        { profile: 'self-signed', subject: { commonName: 'x5c', country: 'NL' }, subjectSpki: spki, ...window() },
        issuerFor(type, privateKey),
      );
      const { X509Certificate } = await import('node:crypto');
      const node = new X509Certificate(Buffer.from(cert.rawData));
      assert.ok(node.verify(node.publicKey), `${type} self-signed certificate verifies`);
      assert.equal(cert.getExtension(x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.digitalSignature);
      assert.equal(cert.serialNumber.length > 0 && !/^[89a-f]/.test(cert.serialNumber), true, 'serial is positive');
    }
  });

  it('refuses RSA and secp256k1 for mdoc profiles', () => {
    assert.match(unsupportedKeyReason('iaca', 'rsa')!, /P-256/);
    assert.match(unsupportedKeyReason('document-signer', 'secp256k1')!, /secp256k1/);
    assert.equal(unsupportedKeyReason('self-signed', 'rsa'), undefined);
    assert.equal(unsupportedKeyReason('iaca', 'secp384r1'), undefined);
  });

  it('writes subjectAlternativeNames as dNSName, iPAddress and URI (read back by node:crypto and OpenSSL)', async () => {
    const { privateKey, spki } = keyPair('secp256r1');
    const certificate = await buildCertificate(
      {
        profile: 'self-signed',
        subject: { commonName: 'Issuer', country: 'DE' },
        subjectSpki: spki,
        ...window(),
        subjectAlternativeNames: {
          dnsNames: ['issuer.example.com', '*.example.org'],
          ipAddresses: ['127.0.0.1', '2001:db8::1', '::ffff:10.0.0.1'],
          uris: ['https://issuer.example.com/issuers/acme'],
        },
      },
      issuerFor('secp256r1', privateKey),
    );
    const node = new X509Certificate(Buffer.from(certificate.rawData));
    assert.equal(
      node.subjectAltName,
      'DNS:issuer.example.com, DNS:*.example.org, IP Address:127.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1, ' +
        'IP Address:0:0:0:0:0:FFFF:A00:1, URI:https://issuer.example.com/issuers/acme',
    );
    assert.ok(node.checkHost('issuer.example.com'));
    assert.ok(node.checkIP('127.0.0.1'));
    assert.equal(certificate.getExtension(x509.SubjectAlternativeNameExtension)!.critical, false);
  });

  it('validates subjectAlternativeNames naming the field', () => {
    const base = { profile: 'self-signed', keyId: '00000000-0000-4000-8000-000000000000', subject: { commonName: 'I', country: 'DE' } };
    const pathsOf = (subjectAlternativeNames: unknown) => {
      const result = certificateCreateRequestSchema.safeParse({ ...base, subjectAlternativeNames });
      return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
    };
    assert.deepEqual(pathsOf({ dnsNames: ['localhost', 'a-b.example.com', 'xn--bcher-kva.example'] }), []);
    assert.deepEqual(pathsOf({ dnsNames: ['ok.example', 'bad_name.example', '-x.example', 'a..b', '127.0.0.1', 'é.example'] }), [
      'subjectAlternativeNames.dnsNames.1',
      'subjectAlternativeNames.dnsNames.2',
      'subjectAlternativeNames.dnsNames.3',
      'subjectAlternativeNames.dnsNames.4',
      'subjectAlternativeNames.dnsNames.5',
    ]);
    assert.deepEqual(pathsOf({ uris: ['https://issuer.example/x', 'ftp://x.example', 'issuer.example', 'https://é.example/ü'] }), [
      'subjectAlternativeNames.uris.1',
      'subjectAlternativeNames.uris.2',
      'subjectAlternativeNames.uris.3',
    ]);
    assert.deepEqual(pathsOf({ ipAddresses: ['10.0.0.1', '::1', '300.1.1.1', 'localhost'] }), [
      'subjectAlternativeNames.ipAddresses.2',
      'subjectAlternativeNames.ipAddresses.3',
    ]);
    assert.deepEqual(pathsOf({}), ['subjectAlternativeNames']);
    assert.deepEqual(pathsOf({ emails: ['a@b.example'] }), ['subjectAlternativeNames']);
  });
});
