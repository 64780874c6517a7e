// Test-only: a key attestation issuer (wallet provider) with a real root → leaf certificate chain made with
// @peculiar/x509, and signing helpers for key attestations and proofs. Production code never imports this.
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import * as x509 from '@peculiar/x509';
import { createPublicKey, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

const DAY = 86_400_000;

export interface TestKey {
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export async function newKey(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: (await exportJWK(publicKey)) as Record<string, unknown> };
}

/** node:crypto JWS verification (ES256, EdDSA), as the services' verifySignature callback does it. */
export async function verifySignature(input: { alg: string; jwk: Record<string, unknown>; signingInput: string; signature: Uint8Array }) {
  const key = createPublicKey({ key: input.jwk as never, format: 'jwk' });
  const data = Buffer.from(input.signingInput);
  if (input.alg === 'EdDSA') return verify(null, data, key, input.signature);
  return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, input.signature);
}

export interface AttestationIssuer {
  /** Signs attestations; its public JWK (kid `wp-1`) is what `trustedKeys` holds. */
  key: TestKey;
  rootPem: string;
  /** `x5c` of attestations signed by `leafKey`: leaf only (the root is the trust anchor, HAIP). */
  x5c: string[];
  leafKey: TestKey;
}

async function certificate(subject: string, key: TestKey, issuer: { name: string; key: TestKey }, ca: boolean, from: number, to: number) {
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', key.publicJwk as never, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.name,
    publicKey: publicKey as never,
    signingKey: issuer.key.privateKey as never,
    notBefore: new Date(from),
    notAfter: new Date(to),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(ca, ca ? 0 : undefined, true),
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
}

/** A wallet provider: a bare key and a root → leaf chain valid around `nowMs`. */
export async function createAttestationIssuer(nowMs: number): Promise<AttestationIssuer> {
  const key = await newKey();
  key.publicJwk['kid'] = 'wp-1';
  const rootKey = await newKey();
  const rootName = 'CN=Test Key Attestation Root';
  const root = await certificate(rootName, rootKey, { name: rootName, key: rootKey }, true, nowMs - DAY, nowMs + 365 * DAY);
  const leafKey = await newKey();
  const leaf = await certificate('CN=Test Key Attester', leafKey, { name: rootName, key: rootKey }, false, nowMs - DAY, nowMs + 365 * DAY);
  return { key, rootPem: root.toString('pem'), x5c: [Buffer.from(leaf.rawData).toString('base64')], leafKey };
}

/** Signs a key attestation: typ key-attestation+jwt, ES256, the header and payload given (header wins). */
export function signKeyAttestation(key: TestKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'key-attestation+jwt', ...header } as never).sign(key.privateKey);
}

export type { JWK };
