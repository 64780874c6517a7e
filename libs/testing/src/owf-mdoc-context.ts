// An @owf/mdoc context for tests (format specs and the end-to-end suite), written with node:crypto and
// @peculiar/x509: the mdoc verifier side, independent of the platform code under test.
import 'reflect-metadata'; // before @peculiar/x509
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  webcrypto,
  X509Certificate as NodeX509,
} from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type Owf = typeof import('@owf/mdoc');

/** @owf/mdoc is ESM-only: loaded with a dynamic import. */
export async function loadOwf(): Promise<Owf> {
  return (await import('@owf/mdoc')) as Owf;
}
type Jwk = Record<string, unknown>;

export const derOf = (pem: string) => new Uint8Array(new x509.X509Certificate(pem).rawData);
export const publicMembers = (jwk: Jwk): Jwk =>
  Object.fromEntries(['kty', 'crv', 'x', 'y', 'n', 'e'].filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]]));
// @owf/mdoc 0.6.0 names P-384 "p-384" in JWKs (its COSE mapping is lower case): translate at the boundary.
const fromOwfJwk = (jwk: Jwk): Jwk => (typeof jwk['crv'] === 'string' ? { ...jwk, crv: jwk['crv'].replace(/^p-/, 'P-') } : jwk);
const toOwfJwk = (jwk: Jwk): Jwk =>
  jwk['crv'] === 'P-384' || jwk['crv'] === 'P-521' ? { ...jwk, crv: (jwk['crv'] as string).toLowerCase() } : jwk;
const HASHES: Record<string, string | null> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };
/** The digest of a COSE algorithm name; EdDSA signs the message itself (null). */
const hashOf = (alg: string) => (alg in HASHES ? HASHES[alg]! : 'sha256');
const algName = (alg: number | undefined) => ({ [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512', [-8]: 'EdDSA' })[alg ?? -7] ?? 'ES256';

/** An @owf/mdoc context written here with node:crypto and @peculiar/x509 (independent of the platform code). */
export function owfContext(owf: Owf) {
  return {
    crypto: {
      random: (length: number) => new Uint8Array(randomBytes(length)),
      digest: ({ digestAlgorithm, bytes }: { digestAlgorithm: string; bytes: Uint8Array }) =>
        new Uint8Array(createHash(digestAlgorithm.replace('SHA-', 'sha')).update(bytes).digest()),
      calculateEphemeralMacKey: () => {
        throw new Error('MAC device authentication is not used here');
      },
    },
    cose: {
      sign1: {
        sign: ({ toBeSigned, key, algorithm }: { toBeSigned: Uint8Array; key: InstanceType<Owf['CoseKey']>; algorithm?: number }) => {
          const alg = algName(algorithm);
          const privateKey = createPrivateKey({ key: key.jwk as never, format: 'jwk' });
          return new Uint8Array(sign(hashOf(alg), toBeSigned, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
        },
        verify: ({ key, sign1 }: { key: InstanceType<Owf['CoseKey']>; sign1: InstanceType<Owf['Sign1']> }) => {
          const publicKey = createPublicKey({ key: publicMembers(fromOwfJwk(key.jwk)) as never, format: 'jwk' });
          return verify(
            hashOf(sign1.signatureAlgorithmName),
            sign1.toBeSigned,
            { key: publicKey, dsaEncoding: 'ieee-p1363' },
            sign1.signature,
          );
        },
      },
      mac0: {
        sign: () => {
          throw new Error('not used');
        },
        verify: () => {
          throw new Error('not used');
        },
      },
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
          if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) throw new Error('broken chain');
        }
        const last = chain[chain.length - 1];
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
  };
}
