// Test-only: the context @owf/mdoc needs to verify an IssuerSigned (formats-and-status.md §8.6), written with
// node:crypto and @peculiar/x509 — independent of the code under test.
import 'reflect-metadata';
import { createHash, createPublicKey, randomBytes, verify, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export type Owf = typeof import('@owf/mdoc');
type Jwk = Record<string, unknown>;

const HASH: Record<string, string | null> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };

export async function loadOwf(): Promise<Owf> {
  return (await import('@owf/mdoc')) as Owf;
}

// @owf/mdoc 0.6.0 maps COSE crv 2 to and from the JWK name "p-384" (lower case): translate at the boundary.
const publicMembers = (jwk: Jwk): Jwk => ({
  ...Object.fromEntries(['kty', 'x', 'y'].filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]])),
  crv: typeof jwk['crv'] === 'string' ? jwk['crv'].replace(/^p-/, 'P-') : jwk['crv'],
});
const toOwfJwk = (jwk: Jwk): Jwk =>
  jwk['crv'] === 'P-384' || jwk['crv'] === 'P-521' ? { ...jwk, crv: (jwk['crv'] as string).toLowerCase() } : jwk;

/** A verify-only @owf/mdoc context: issuer signature, digests and a chain check against the trust anchors. */
export function owfVerifyContext(owf: Owf): never {
  const refuse = (): never => {
    throw new Error('not used by issuer-signed verification');
  };
  return {
    crypto: {
      random: (length: number) => new Uint8Array(randomBytes(length)),
      digest: ({ digestAlgorithm, bytes }: { digestAlgorithm: string; bytes: Uint8Array }) =>
        new Uint8Array(createHash(digestAlgorithm.replace('SHA-', 'sha')).update(bytes).digest()),
      calculateEphemeralMacKey: refuse,
    },
    cose: {
      sign1: {
        sign: refuse,
        verify: ({
          key,
          sign1,
        }: {
          key: { jwk: Jwk };
          sign1: { signatureAlgorithmName: string; toBeSigned: Uint8Array; signature: Uint8Array };
        }) => {
          const hash = HASH[sign1.signatureAlgorithmName];
          if (hash === undefined) throw new Error(`unexpected algorithm ${sign1.signatureAlgorithmName}`);
          const publicKey = createPublicKey({ key: publicMembers(key.jwk) as never, format: 'jwk' });
          return verify(hash, sign1.toBeSigned, hash ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey, sign1.signature);
        },
      },
      mac0: { sign: refuse, verify: refuse },
    },
    x509: {
      getIssuerNameField: ({ certificate, field }: { certificate: Uint8Array; field: string }) =>
        new x509.X509Certificate(certificate).issuerName.getField(field),
      getPublicKey: ({ certificate }: { certificate: Uint8Array }) =>
        owf.CoseKey.fromJwk(toOwfJwk(new NodeX509(certificate).publicKey.export({ format: 'jwk' }) as Jwk)),
      verifyCertificateChain: ({
        trustedCertificates,
        x5chain,
        now = new Date(),
      }: {
        trustedCertificates: Uint8Array[];
        x5chain: Uint8Array[];
        now?: Date;
      }) => {
        const chain = x5chain.map((c) => new NodeX509(c));
        const anchors = trustedCertificates.map((c) => new NodeX509(c));
        for (const cert of [...chain, ...anchors]) {
          if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) throw new Error(`${cert.subject} is not valid now`);
        }
        for (let i = 0; i + 1 < chain.length; i++) {
          if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) throw new Error('broken chain');
        }
        const last = chain[chain.length - 1]!;
        const trusted = anchors.some((a) => a.raw.equals(last.raw) || (last.checkIssued(a) && last.verify(a.publicKey)));
        if (!trusted) throw new Error('chain does not end at a trusted certificate');
      },
      getCertificateData: ({ certificate }: { certificate: Uint8Array }) => {
        const cert = new x509.X509Certificate(certificate);
        return {
          issuerName: cert.issuer,
          subjectName: cert.subject,
          serialNumber: cert.serialNumber,
          thumbprint: createHash('sha1').update(certificate).digest('hex'),
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          pem: cert.toString('pem'),
        };
      },
    },
  } as never;
}
