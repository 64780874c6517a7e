import 'reflect-metadata'; // @peculiar/x509 resolves its algorithm providers through tsyringe
import { createHash, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn1X509 from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import {
  MDL_DS_EKU_OID,
  type CertificateProfile,
  type CertificateSubject,
  type KeyType,
  type SubjectAlternativeNames,
} from '@issuer/contracts';
import { ecdsaRawToDer } from './der-signature';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

/** How a key type signs a certificate: the JOSE alg kms signs with and the X.509 signature AlgorithmIdentifier. */
interface SignatureScheme {
  alg: string;
  oid: string;
  /** RSA algorithm identifiers carry an explicit NULL parameter (RFC 4055 §5); ECDSA and Ed25519 none. */
  nullParameters: boolean;
  /** kms returns ECDSA signatures as r‖s; X.509 wants DER. */
  der: boolean;
}

const SCHEMES: Partial<Record<KeyType, SignatureScheme>> = {
  secp256r1: { alg: 'ES256', oid: '1.2.840.10045.4.3.2', nullParameters: false, der: true }, // ecdsa-with-SHA256
  secp384r1: { alg: 'ES384', oid: '1.2.840.10045.4.3.3', nullParameters: false, der: true }, // ecdsa-with-SHA384
  ed25519: { alg: 'EdDSA', oid: '1.3.101.112', nullParameters: false, der: false }, // id-Ed25519 (RFC 8410)
  rsa: { alg: 'RS256', oid: '1.2.840.113549.1.1.11', nullParameters: true, der: false }, // sha256WithRSAEncryption
  rsa3072: { alg: 'RS256', oid: '1.2.840.113549.1.1.11', nullParameters: true, der: false },
  rsa4096: { alg: 'RS256', oid: '1.2.840.113549.1.1.11', nullParameters: true, der: false },
};

/** ISO 18013-5 IACA and Document Signer certificates allow EC P-256/P-384 (and EdDSA); never RSA or secp256k1. */
const MDOC_KEY_TYPES: readonly KeyType[] = ['secp256r1', 'secp384r1', 'ed25519'];

/** Why a key type cannot be used for a profile, or undefined if it can. */
export function unsupportedKeyReason(profile: CertificateProfile, type: KeyType): string | undefined {
  if (!SCHEMES[type]) return `${type} keys are not supported for X.509 certificates`;
  if (profile !== 'self-signed' && !MDOC_KEY_TYPES.includes(type))
    return `a ${profile} certificate (ISO 18013-5) needs an EC P-256, P-384 or Ed25519 key, not ${type}`;
  return undefined;
}

export function signatureAlgOf(type: KeyType): string {
  const scheme = SCHEMES[type];
  if (!scheme) throw new Error(`${type} keys cannot sign certificates`);
  return scheme.alg;
}

/** SubjectPublicKeyInfo DER of a public JWK (only the key members: `kid`/`alg` are not part of the key). */
export function spkiOfJwk(jwk: Record<string, unknown>): Buffer {
  const members = ['kty', 'crv', 'x', 'y', 'n', 'e'];
  const key = Object.fromEntries(members.filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]]));
  return createPublicKey({ key: key as never, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(spki: Uint8Array): Buffer {
  const info = AsnConvert.parse(spki, asn1X509.SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest();
}

/** The subject as a DN: C, ST, O, CN (C is mandatory for mdoc: readers take it from the DS issuer name). */
export function nameOf(subject: CertificateSubject): x509.Name {
  const rdns: Array<Record<string, string[]>> = [{ C: [subject.country] }];
  if (subject.stateOrProvince) rdns.push({ ST: [subject.stateOrProvince] });
  if (subject.organization) rdns.push({ O: [subject.organization] });
  rdns.push({ CN: [subject.commonName] });
  return new x509.Name(rdns);
}

/** Reads C/ST/O/CN back from a certificate name. */
export function subjectOf(name: x509.Name): Partial<CertificateSubject> {
  const first = (field: string) => name.getField(field)[0] as string | undefined;
  const subject: Partial<CertificateSubject> = {};
  const commonName = first('CN');
  const country = first('C');
  const organization = first('O');
  const stateOrProvince = first('ST');
  if (commonName !== undefined) subject.commonName = commonName;
  if (country !== undefined) subject.country = country;
  if (organization !== undefined) subject.organization = organization;
  if (stateOrProvince !== undefined) subject.stateOrProvince = stateOrProvince;
  return subject;
}

/** A positive 127-bit serial (RFC 5280 §4.1.2.2: at most 20 octets, non-negative, unpredictable). */
function newSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial;
}

export interface CertificateIssuer {
  /** The key type of the signing key (the subject's own key for self-signed certificates). */
  keyType: KeyType;
  /** Signs the TBSCertificate DER in JWS form (kms KeySign): ECDSA r‖s, Ed25519 raw, RSA PKCS#1 v1.5. */
  sign: (tbs: Buffer, alg: string) => Promise<Buffer>;
  /** The issuing CA certificate; absent when the certificate is self-signed. */
  certificate?: x509.X509Certificate;
}

export interface CertificateTemplate {
  profile: CertificateProfile;
  subject: CertificateSubject;
  /** SubjectPublicKeyInfo DER of the subject key. */
  subjectSpki: Buffer;
  notBefore: Date;
  notAfter: Date;
  issuerAlternativeNameUri?: string;
  crlDistributionPointUri?: string;
  subjectAlternativeNames?: SubjectAlternativeNames;
}

/**
 * The subjectAltName extension (RFC 5280 §4.2.1.6): dNSName and uniformResourceIdentifier as IA5String,
 * iPAddress as 4 or 16 octets. Not critical, since the subject DN is never empty. A verifier matches the
 * `iss` of an SD-JWT VC against these names (SD-JWT VC §3.5).
 */
export function subjectAltNameExtension(names: SubjectAlternativeNames): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(
    [
      ...(names.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(names.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value: canonicalIp(value) })),
      ...(names.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ],
    false,
  );
}

/** IPv6 in the plain hex form the encoder reads (`::ffff:1.2.3.4` → `::ffff:102:304`); IPv4 as given. */
function canonicalIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function extensionsOf(template: CertificateTemplate, issuer: CertificateIssuer): x509.Extension[] {
  const ski = keyIdentifierOf(template.subjectSpki).toString('hex');
  const extensions: x509.Extension[] = [];
  switch (template.profile) {
    case 'iaca':
      extensions.push(
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.SubjectKeyIdentifierExtension(ski),
      );
      break;
    case 'document-signer': {
      const akiSource = issuer.certificate?.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
      const aki = akiSource ?? keyIdentifierOf(Buffer.from(issuer.certificate!.publicKey.rawData)).toString('hex');
      extensions.push(
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([MDL_DS_EKU_OID], true),
        new x509.AuthorityKeyIdentifierExtension(aki),
        new x509.SubjectKeyIdentifierExtension(ski),
      );
      break;
    }
    case 'self-signed':
      extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), new x509.SubjectKeyIdentifierExtension(ski));
      break;
  }
  if (template.issuerAlternativeNameUri) {
    const names = new x509.GeneralNames([{ type: 'url', value: template.issuerAlternativeNameUri }]);
    extensions.push(new x509.Extension(asn1X509.id_ce_issuerAltName, false, names.rawData));
  }
  if (template.subjectAlternativeNames) extensions.push(subjectAltNameExtension(template.subjectAlternativeNames));
  if (template.crlDistributionPointUri) extensions.push(new x509.CRLDistributionPointsExtension([template.crlDistributionPointUri]));
  return extensions;
}

/**
 * Builds the TBSCertificate, has the issuer key sign its DER (through kms: the private key never leaves it)
 * and assembles the certificate.
 */
export async function buildCertificate(template: CertificateTemplate, issuer: CertificateIssuer): Promise<x509.X509Certificate> {
  const scheme = SCHEMES[issuer.keyType];
  if (!scheme) throw new Error(`${issuer.keyType} keys cannot sign certificates`);
  const algorithm = new asn1X509.AlgorithmIdentifier({
    algorithm: scheme.oid,
    ...(scheme.nullParameters ? { parameters: new Uint8Array([0x05, 0x00]).buffer } : {}),
  });
  const subjectName = AsnConvert.parse(nameOf(template.subject).toArrayBuffer(), asn1X509.Name);
  // The issuer name is copied byte for byte from the CA certificate so that chain builders match it.
  const issuerName = issuer.certificate
    ? AsnConvert.parse(issuer.certificate.rawData, asn1X509.Certificate).tbsCertificate.subject
    : subjectName;
  const tbs = new asn1X509.TBSCertificate({
    version: asn1X509.Version.v3,
    serialNumber: toArrayBuffer(newSerial()),
    signature: algorithm,
    issuer: issuerName,
    validity: new asn1X509.Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: subjectName,
    subjectPublicKeyInfo: AsnConvert.parse(template.subjectSpki, asn1X509.SubjectPublicKeyInfo),
    extensions: new asn1X509.Extensions(extensionsOf(template, issuer).map((e) => AsnConvert.parse(e.rawData, asn1X509.Extension))),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = await issuer.sign(tbsDer, scheme.alg);
  const certificate = new asn1X509.Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: toArrayBuffer(scheme.der ? ecdsaRawToDer(signature) : signature),
  });
  return new x509.X509Certificate(AsnConvert.serialize(certificate));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
