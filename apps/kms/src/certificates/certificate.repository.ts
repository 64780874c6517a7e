import type { CertificateDto, CertificateListResponse, StoredCertificateProfile } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

const SUMMARY_COLUMNS = 'certificate_id, profile, key_id, subject, serial_number, not_before, not_after, issuer_certificate_id, created_at';
const COLUMNS = `${SUMMARY_COLUMNS}, pem, chain`;

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

function toSummary(row: Omit<CertificateRow, 'pem' | 'chain'>): CertificateListResponse['items'][number] {
  return {
    certificateId: row.certificate_id,
    profile: row.profile,
    keyId: row.key_id,
    subject: row.subject,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    issuerCertificateId: row.issuer_certificate_id,
    serialNumber: row.serial_number,
    createdAt: row.created_at.toISOString(),
  };
}

function toDto(row: CertificateRow): CertificateDto {
  return { ...toSummary(row), pem: row.pem, chain: row.chain };
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

  /** A page in creation order (then id), after the certificate `cursor`; the PEMs stay out of listings. */
  async list(limit: number, cursor?: string): Promise<CertificateListResponse> {
    const { rows } = cursor
      ? await this.db.sql<CertificateRow>(
          `SELECT ${SUMMARY_COLUMNS} FROM kms.certificates
           WHERE (created_at, certificate_id) > (SELECT created_at, certificate_id FROM kms.certificates WHERE certificate_id = $2)
           ORDER BY created_at, certificate_id LIMIT $1`,
          [limit + 1, cursor],
        )
      : await this.db.sql<CertificateRow>(`SELECT ${SUMMARY_COLUMNS} FROM kms.certificates ORDER BY created_at, certificate_id LIMIT $1`, [
          limit + 1,
        ]);
    const items = rows.slice(0, limit).map(toSummary);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].certificateId } : {}) };
  }
}
