// Test-only: real IACA → Document Signer chains and holder keys (@peculiar/x509 + node:crypto), so the specs
// verify real certificate paths and signatures. Production code never imports this folder.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import { generateKeyPairSync, KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const DAY = 86_400_000;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

export interface TestPki {
  iacaPem: string;
  /** DER: Document Signer first, then the IACA. */
  chain: Uint8Array[];
  dsDer: Uint8Array;
  dsPrivateKey: KeyObject;
  dsPrivateJwk: Record<string, unknown>;
  /** Raw r‖s ES256 signature with the DS key, as kms returns it. */
  signWithDs: (data: Uint8Array) => Promise<Uint8Array>;
}

/** An IACA (CA, pathLen 0) and a DS certificate (P-256) under it; `validity` shifts the certificates' windows. */
export async function createTestPki(name: string, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<TestPki> {
  const now = Date.now();
  const notBefore = validity.notBefore ?? new Date(now - DAY);
  const notAfter = validity.notAfter ?? new Date(now + 365 * DAY);
  const iacaKeys = (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const iaca = await x509.X509CertificateGenerator.createSelfSigned({
    name: `C=DE, CN=${name} IACA`,
    keys: iacaKeys as never,
    notBefore,
    notAfter,
    signingAlgorithm: ECDSA_SHA256 as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(iacaKeys.publicKey as never),
    ],
  });
  const dsKeys = (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ds = await x509.X509CertificateGenerator.create({
    subject: `C=DE, CN=${name} DS`,
    issuer: iaca.subject,
    publicKey: dsKeys.publicKey as never,
    signingKey: iacaKeys.privateKey as never,
    notBefore,
    notAfter,
    signingAlgorithm: ECDSA_SHA256 as never,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true),
      await x509.AuthorityKeyIdentifierExtension.create(iacaKeys.publicKey as never),
      await x509.SubjectKeyIdentifierExtension.create(dsKeys.publicKey as never),
    ],
  });
  const dsPrivateKey = KeyObject.from(dsKeys.privateKey);
  const dsDer = new Uint8Array(ds.rawData);
  return {
    iacaPem: iaca.toString('pem'),
    chain: [dsDer, new Uint8Array(iaca.rawData)],
    dsDer,
    dsPrivateKey,
    dsPrivateJwk: dsPrivateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    signWithDs: async (data) => new Uint8Array(sign('sha256', data, { key: dsPrivateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

export interface HolderKey {
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
}

/** A P-256 wallet key, as the OID4VCI proof would carry it. */
export function createHolderKey(): HolderKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}
