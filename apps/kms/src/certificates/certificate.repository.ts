import type { CertificateDto, StoredCertificateProfile } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

const COLUMNS =
  'certificate_id, profile, key_id, subject, serial_number, not_before, not_after, pem, chain, issuer_certificate_id, created_at';

interface CertificateRow {
  certificate_id: string;
  profile: StoredCertificateProfile;
  key_id: string | null;
  subject: CertificateDto['subject'];
  serial_number: string;
  not_before: Date;
  not_after: Date;
  pem: string;
  chain: string[];
  issuer_certificate_id: string | null;
  created_at: Date;
}

function toDto(row: CertificateRow): CertificateDto {
  return {
    certificateId: row.certificate_id,
    profile: row.profile,
    keyId: row.key_id,
    subject: row.subject,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    pem: row.pem,
    chain: row.chain,
    issuerCertificateId: row.issuer_certificate_id,
    serialNumber: row.serial_number,
    createdAt: row.created_at.toISOString(),
  };
}

export type NewCertificate = Omit<CertificateDto, 'createdAt'>;

/** The kms.certificates table (public material only: certificates carry no private key). */
export class CertificateRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async insert(certificate: NewCertificate): Promise<CertificateDto> {
    const { rows } = await this.db.sql<CertificateRow>(
      `INSERT INTO kms.certificates (certificate_id, profile, key_id, subject, serial_number, not_before, not_after, pem, chain, issuer_certificate_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        certificate.certificateId,
        certificate.profile,
        certificate.keyId,
        JSON.stringify(certificate.subject),
        certificate.serialNumber,
        certificate.notBefore,
        certificate.notAfter,
        certificate.pem,
        JSON.stringify(certificate.chain),
        certificate.issuerCertificateId,
      ],
    );
    return toDto(rows[0]);
  }

  async find(certificateId: string): Promise<CertificateDto | undefined> {
    const { rows } = await this.db.sql<CertificateRow>(`SELECT ${COLUMNS} FROM kms.certificates WHERE certificate_id = $1`, [
      certificateId,
    ]);
    return rows[0] ? toDto(rows[0]) : undefined;
  }
}
