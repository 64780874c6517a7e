// Test-only: a root CA → leaf chain made with @peculiar/x509, so the trust specs check real x5c chains.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import * as x509 from '@peculiar/x509';
import { newKey, type TestKey } from './holder.helper';

const DAY = 86_400_000;

async function certificate(
  subject: string,
  key: TestKey,
  issuer: { name: string; key: TestKey },
  ca: boolean,
  from: number,
  to: number,
  dnsName?: string,
) {
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', key.publicJwk as never, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
  const signingKey = await globalThis.crypto.subtle.importKey(
    'jwk',
    issuer.key.privateJwk as never,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.name,
    publicKey,
    signingKey,
    notBefore: new Date(from),
    notAfter: new Date(to),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(ca, ca ? 0 : undefined, true),
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true),
      ...(dnsName ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: dnsName }])] : []),
    ],
  });
}

export interface TestPki {
  rootPem: string;
  leafPem: string;
  /** The JWS `x5c` header: the leaf only (standard base64 DER), as issuers send it. */
  x5c: string[];
  leafKey: TestKey;
}

/** A P-256 root CA and a leaf certificate valid around `now` (or in `leafValidity`), with an optional SAN dNSName. */
export async function createTestPki(
  now: Date,
  options: { leafValidity?: { from: number; to: number }; dnsName?: string } = {},
): Promise<TestPki> {
  const at = now.getTime();
  const rootKey = await newKey('ES256');
  const rootName = 'CN=Test IACA Root';
  const root = await certificate(rootName, rootKey, { name: rootName, key: rootKey }, true, at - DAY, at + 365 * DAY);
  const leafKey = await newKey('ES256');
  const validity = options.leafValidity ?? { from: at - DAY, to: at + 30 * DAY };
  const leaf = await certificate(
    'CN=Test Leaf',
    leafKey,
    { name: rootName, key: rootKey },
    false,
    validity.from,
    validity.to,
    options.dnsName,
  );
  return {
    rootPem: root.toString('pem'),
    leafPem: leaf.toString('pem'),
    x5c: [Buffer.from(leaf.rawData).toString('base64')],
    leafKey,
  };
}
