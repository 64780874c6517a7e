import { randomUUID } from 'node:crypto';
import {
  BusError,
  CERTIFICATE_VALIDITY_DAYS,
  MDL_DS_EKU_OID,
  type CertificateCreateRequest,
  type CertificateDto,
  type CertificateImportRequest,
  type CertificateListResponse,
  type KeyDto,
  type StoredCertificateProfile,
} from '@issuer/contracts';
import type { KeyService } from '../keys/key.service';
import { buildCertificate, spkiOfJwk, subjectOf, unsupportedKeyReason, x509, type CertificateIssuer } from './certificate-builder';
import type { CertificateRepository } from './certificate.repository';

const DAY_MS = 86_400_000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * X.509 certificates (API.md §2): IACA roots and Document Signers for mdoc, self-signed certificates for x5c,
 * and imports. Every certificate made here is signed through KeyService.sign: the private key stays in kms.
 */
export class CertificateService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly keys: KeyService,
  ) {}

  async create(request: CertificateCreateRequest): Promise<CertificateDto> {
    const limits = CERTIFICATE_VALIDITY_DAYS[request.profile];
    const validityDays = request.validityDays ?? limits.default;
    if (validityDays > limits.max) {
      throw new BusError('BAD_REQUEST', `a ${request.profile} certificate is valid for at most ${limits.max} days`, [
        { path: 'validityDays', message: `at most ${limits.max} for ${request.profile}` },
      ]);
    }
    const key = await this.keys.get(request.keyId);
    this.checkKeyType(request.profile, key, 'keyId');

    // UTCTime/GeneralizedTime carry whole seconds.
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
    let notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);
    let issuer: CertificateIssuer;
    if (request.profile === 'document-signer') {
      const iaca = await this.iacaOf(request.issuerCertificateId!);
      const iacaKey = await this.keys.get(iaca.keyId!).catch((error: unknown) => {
        throw new BusError(
          'BAD_REQUEST',
          `the key of IACA certificate ${iaca.certificateId} is no longer in kms`,
          [{ path: 'issuerCertificateId', message: 'IACA key not available' }],
          { cause: error },
        );
      });
      this.checkKeyType('iaca', iacaKey, 'issuerCertificateId');
      const iacaCertificate = new x509.X509Certificate(iaca.pem);
      if (iacaCertificate.notAfter.getTime() <= notBefore.getTime()) {
        throw new BusError('BAD_REQUEST', `IACA certificate ${iaca.certificateId} has expired`, [
          { path: 'issuerCertificateId', message: 'expired' },
        ]);
      }
      // A Document Signer must not outlive its IACA.
      if (notAfter.getTime() > iacaCertificate.notAfter.getTime()) notAfter = iacaCertificate.notAfter;
      issuer = { keyType: iacaKey.type, certificate: iacaCertificate, sign: (tbs, alg) => this.sign(iacaKey.keyId, tbs, alg) };
    } else {
      issuer = { keyType: key.type, sign: (tbs, alg) => this.sign(key.keyId, tbs, alg) };
    }
    const certificate = await buildCertificate(
      {
        profile: request.profile,
        subject: request.subject,
        subjectSpki: spkiOfJwk(key.publicJwk),
        notBefore,
        notAfter,
        issuerAlternativeNameUri: request.issuerAlternativeNameUri,
        crlDistributionPointUri: request.crlDistributionPointUri,
        subjectAlternativeNames: request.subjectAlternativeNames,
      },
      issuer,
    );
    const pem = certificate.toString('pem');
    return this.certificates.insert({
      certificateId: randomUUID(),
      profile: request.profile,
      keyId: key.keyId,
      subject: request.subject,
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      pem,
      // Leaf first; a Document Signer's IACA is the trust anchor and is left out (API.md §2).
      chain: [pem],
      issuerCertificateId: request.issuerCertificateId ?? null,
      serialNumber: certificate.serialNumber,
    });
  }

  /** Imports a PEM certificate (optionally followed by its chain); with `keyId`, it must certify that kms key. */
  async import(request: CertificateImportRequest): Promise<CertificateDto> {
    const blocks = request.pem.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      throw new BusError('BAD_REQUEST', 'pem holds no PEM certificate', [{ path: 'pem', message: 'expected -----BEGIN CERTIFICATE-----' }]);
    }
    let chain: x509.X509Certificate[];
    try {
      chain = blocks.map((block) => new x509.X509Certificate(block));
    } catch (error) {
      throw new BusError('BAD_REQUEST', 'pem is not a valid X.509 certificate', [{ path: 'pem', message: 'not a parseable certificate' }], {
        cause: error,
      });
    }
    const leaf = chain[0];
    if (request.keyId) {
      const key = await this.keys.get(request.keyId);
      if (!Buffer.from(leaf.publicKey.rawData).equals(spkiOfJwk(key.publicJwk))) {
        throw new BusError('BAD_REQUEST', `the certificate's public key is not the public key of kms key ${request.keyId}`, [
          { path: 'keyId', message: 'public key does not match the certificate' },
        ]);
      }
    }
    const pems = chain.map((c) => c.toString('pem'));
    return this.certificates.insert({
      certificateId: randomUUID(),
      profile: await profileOf(leaf),
      keyId: request.keyId ?? null,
      subject: subjectOf(leaf.subjectName),
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
      pem: pems[0],
      chain: pems,
      issuerCertificateId: null,
      serialNumber: leaf.serialNumber,
    });
  }

  async get(certificateId: string): Promise<CertificateDto> {
    const certificate = await this.certificates.find(certificateId);
    if (!certificate) throw new BusError('NOT_FOUND', `certificate ${certificateId} not found`);
    return certificate;
  }

  /** A page of certificates; a cursor naming no certificate is refused (an empty page would read as the end). */
  async list(limit: number, cursor?: string): Promise<CertificateListResponse> {
    if (cursor && !(await this.certificates.find(cursor)))
      throw new BusError('BAD_REQUEST', 'the cursor certificate no longer exists; restart the listing', [
        { path: 'cursor', message: 'stale cursor' },
      ]);
    return this.certificates.list(limit, cursor);
  }

  private async iacaOf(certificateId: string): Promise<CertificateDto> {
    const iaca = await this.certificates.find(certificateId);
    if (!iaca) {
      throw new BusError('BAD_REQUEST', `issuer certificate ${certificateId} not found`, [
        { path: 'issuerCertificateId', message: 'no such certificate' },
      ]);
    }
    if (iaca.profile !== 'iaca' || !iaca.keyId) {
      throw new BusError('BAD_REQUEST', `certificate ${certificateId} is not an IACA whose key is in kms`, [
        { path: 'issuerCertificateId', message: 'must be an iaca certificate with a kms key' },
      ]);
    }
    return iaca;
  }

  private checkKeyType(profile: CertificateCreateRequest['profile'], key: KeyDto, path: string): void {
    const reason = unsupportedKeyReason(profile, key.type);
    if (reason) throw new BusError('BAD_REQUEST', `key ${key.keyId}: ${reason}`, [{ path, message: reason }]);
  }

  private async sign(keyId: string, data: Buffer, alg: string): Promise<Buffer> {
    const { signature } = await this.keys.sign({ keyId, data: data.toString('base64url'), alg });
    return Buffer.from(signature, 'base64url');
  }
}

/** The profile an imported certificate fits: an IACA (CA with keyCertSign), a Document Signer (mdoc EKU) or self-signed. */
async function profileOf(certificate: x509.X509Certificate): Promise<StoredCertificateProfile> {
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  const selfSigned = await certificate.isSelfSigned().catch(() => false);
  if (basic?.ca && selfSigned && usage && usage.usages & x509.KeyUsageFlags.keyCertSign) return 'iaca';
  if (eku?.usages.map(String).includes(MDL_DS_EKU_OID)) return 'document-signer';
  return selfSigned ? 'self-signed' : 'imported';
}
