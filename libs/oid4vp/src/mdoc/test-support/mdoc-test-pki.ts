// Test-only: real IACA → Document Signer chains and holder keys (@peculiar/x509 + node:crypto), so the specs
// verify real certificate paths and signatures. Production code never imports this folder.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import { generateKeyPairSync, KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const DAY = 86_400_000;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

/** Document Signer algorithms the platform's mdoc issuer offers, with their WebCrypto key and node hash. */
export type DsAlgorithm = 'ES256' | 'ES384' | 'EdDSA';
const DS_KEYS: Record<DsAlgorithm, { generate: object; hash: string | null }> = {
  ES256: { generate: ECDSA_P256, hash: 'sha256' },
  ES384: { generate: { name: 'ECDSA', namedCurve: 'P-384' }, hash: 'sha384' },
  EdDSA: { generate: { name: 'Ed25519' }, hash: null },
};

export interface TestPki {
  alg: DsAlgorithm;
  iacaPem: string;
  /** DER: Document Signer first, then the IACA. */
  chain: Uint8Array[];
  dsDer: Uint8Array;
  dsPrivateKey: KeyObject;
  dsPrivateJwk: Record<string, unknown>;
  /** Raw signature with the DS key (r‖s for ECDSA), as kms returns it. */
  signWithDs: (data: Uint8Array) => Promise<Uint8Array>;
}

/** A P-256 IACA (CA, pathLen 0) and a DS certificate for an `alg` key under it; `validity` sets both windows. */
export async function createTestPki(
  name: string,
  validity: { notBefore?: Date; notAfter?: Date } = {},
  alg: DsAlgorithm = 'ES256',
): Promise<TestPki> {
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
  const dsKeys = (await webcrypto.subtle.generateKey(DS_KEYS[alg].generate as never, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
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
  const hash = DS_KEYS[alg].hash;
  return {
    alg,
    iacaPem: iaca.toString('pem'),
    chain: [dsDer, new Uint8Array(iaca.rawData)],
    dsDer,
    dsPrivateKey,
    dsPrivateJwk: dsPrivateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    signWithDs: async (data) => new Uint8Array(sign(hash, data, hash ? { key: dsPrivateKey, dsaEncoding: 'ieee-p1363' } : dsPrivateKey)),
  };
}

export interface HolderKey {
  alg: 'ES256' | 'ES384' | 'EdDSA';
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
}

/** A wallet key, as the OID4VCI proof would carry it; `alg` is what it signs DeviceSignatures with. */
export function createHolderKey(kind: 'P-256' | 'P-384' | 'Ed25519' = 'P-256'): HolderKey {
  const { publicKey, privateKey } =
    kind === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: kind === 'P-256' ? 'prime256v1' : 'secp384r1' });
  return {
    alg: kind === 'Ed25519' ? 'EdDSA' : kind === 'P-256' ? 'ES256' : 'ES384',
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}
