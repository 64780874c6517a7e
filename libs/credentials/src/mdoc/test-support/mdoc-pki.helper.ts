// Test-only: a real IACA → Document Signer chain and holder keys made with @peculiar/x509 and node:crypto,
// so the specs sign with real keys and verifiers check a real chain. Production code never imports this.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { MdocDigestAlgorithm, MdocSigningAlgorithm } from '../mdoc-algorithms';
import type { MdocCallbacks } from '../mdoc.types';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const MDL_DS_EKU = '1.0.18013.5.1.2';

type WebCryptoParams = webcrypto.EcKeyGenParams | webcrypto.EcdsaParams | webcrypto.Algorithm;
type KeyPair = webcrypto.CryptoKeyPair;

const KEY_ALGORITHMS: Record<MdocSigningAlgorithm, { generate: WebCryptoParams; signing: WebCryptoParams; hash: string | null }> = {
  ES256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, signing: { name: 'ECDSA', hash: 'SHA-256' }, hash: 'sha256' },
  ES384: { generate: { name: 'ECDSA', namedCurve: 'P-384' }, signing: { name: 'ECDSA', hash: 'SHA-384' }, hash: 'sha384' },
  EdDSA: { generate: { name: 'Ed25519' }, signing: { name: 'Ed25519' }, hash: null },
};

export interface MdocTestPki {
  iacaDer: Uint8Array;
  iacaPem: string;
  dsDer: Uint8Array;
  /** DS first, then the IACA (the shape kms returns as `chain`). */
  chain: Uint8Array[];
  /** Signs like kms does: raw r‖s for ECDSA, raw Ed25519. */
  sign: MdocCallbacks['sign'];
  dsPublicKey: KeyObject;
}

/** An IACA (P-256, CA, pathLen 0) and a DS certificate for a key of `alg`, both with C (and ST) in the subject. */
export async function createMdocTestPki(alg: MdocSigningAlgorithm, subject: { country: string; state?: string }): Promise<MdocTestPki> {
  const name = (cn: string) => `C=${subject.country}${subject.state ? `, ST=${subject.state}` : ''}, CN=${cn}`;
  const now = Date.now();
  const iacaKeys = (await webcrypto.subtle.generateKey(KEY_ALGORITHMS.ES256.generate, true, ['sign', 'verify'])) as KeyPair;
  const iaca = await x509.X509CertificateGenerator.createSelfSigned({
    name: name('Test IACA'),
    keys: iacaKeys as never,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: KEY_ALGORITHMS.ES256.signing as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(iacaKeys.publicKey as never),
    ],
  });
  const dsKeys = (await webcrypto.subtle.generateKey(KEY_ALGORITHMS[alg].generate, true, ['sign', 'verify'])) as KeyPair;
  const ds = await x509.X509CertificateGenerator.create({
    subject: name(`Test DS ${alg}`),
    issuer: iaca.subject,
    publicKey: dsKeys.publicKey as never,
    signingKey: iacaKeys.privateKey as never,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 90 * DAY),
    signingAlgorithm: KEY_ALGORITHMS.ES256.signing as never,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([MDL_DS_EKU], true),
      await x509.AuthorityKeyIdentifierExtension.create(iacaKeys.publicKey as never),
      await x509.SubjectKeyIdentifierExtension.create(dsKeys.publicKey as never),
    ],
  });
  const privateKey = KeyObject.from(dsKeys.privateKey);
  const hash = KEY_ALGORITHMS[alg].hash;
  const iacaDer = new Uint8Array(iaca.rawData);
  const dsDer = new Uint8Array(ds.rawData);
  return {
    iacaDer,
    iacaPem: iaca.toString('pem'),
    dsDer,
    chain: [dsDer, iacaDer],
    dsPublicKey: KeyObject.from(dsKeys.publicKey),
    sign: async (data) => new Uint8Array(sign(hash, data, hash ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey)),
  };
}

export interface HolderKey {
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
}

/** A wallet key as the OID4VCI proof would carry it. */
export function createHolderKey(kind: 'P-256' | 'P-384' | 'Ed25519'): HolderKey {
  const { publicKey, privateKey } =
    kind === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: kind === 'P-256' ? 'prime256v1' : 'secp384r1' });
  return {
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}

const NODE_HASH: Record<MdocDigestAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** Callbacks over node:crypto with the PKI's DS key; `random` may be replaced to observe what is drawn. */
export function testCallbacks(pki: MdocTestPki, random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n))): MdocCallbacks {
  return {
    sign: pki.sign,
    digest: (data, alg) => new Uint8Array(createHash(NODE_HASH[alg]).update(data).digest()),
    randomBytes: random,
  };
}
