// Test-only: a real root → (intermediate →) leaf chain made with @peculiar/x509, so the attestation specs check a
// real x5c chain. Production code never imports this.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import * as x509 from '@peculiar/x509';
import { newKey, type TestKey } from './crypto.helper';

const DAY = 86_400_000;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' };

export interface TestPki {
  rootPem: string;
  /** The attestation header's `x5c`: leaf first, without the root. */
  x5c: string[];
  leafKey: TestKey;
  rootB64: string;
}

async function certificate(
  subject: string,
  key: TestKey,
  issuer: { name: string; key: TestKey },
  ca: boolean,
  validity: { from: number; to: number },
) {
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(ca, ca ? 1 : undefined, true)];
  extensions.push(new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true));
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', key.publicJwk as never, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.name,
    publicKey: publicKey as never,
    signingKey: issuer.key.privateKey as never,
    notBefore: new Date(validity.from),
    notAfter: new Date(validity.to),
    signingAlgorithm: SIGNING,
    extensions,
  });
}

/** Root CA, optional intermediate CA and leaf (all P-256), valid around `nowMs` unless `leafValidity` says otherwise. */
export async function createTestPki(options: {
  nowMs: number;
  intermediate?: boolean;
  leafValidity?: { from: number; to: number };
}): Promise<TestPki> {
  const around = { from: options.nowMs - DAY, to: options.nowMs + 365 * DAY };
  const rootKey = await newKey('ES256');
  const rootName = 'CN=Test Wallet Provider Root';
  const root = await certificate(rootName, rootKey, { name: rootName, key: rootKey }, true, around);
  let issuer = { name: rootName, key: rootKey };
  const chain: x509.X509Certificate[] = [];
  if (options.intermediate) {
    const intermediateKey = await newKey('ES256');
    const name = 'CN=Test Wallet Provider Intermediate';
    chain.unshift(await certificate(name, intermediateKey, issuer, true, around));
    issuer = { name, key: intermediateKey };
  }
  const leafKey = await newKey('ES256');
  chain.unshift(await certificate('CN=Test Wallet Attester', leafKey, issuer, false, options.leafValidity ?? around));
  const b64 = (c: x509.X509Certificate) => Buffer.from(c.rawData).toString('base64');
  return { rootPem: root.toString('pem'), x5c: chain.map(b64), leafKey, rootB64: b64(root) };
}
