import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { CertificateDto } from './certificate.contract';

export const certificateListRequestSchema = z
  .object({ limit: z.number().int().min(1).max(500).default(100), cursor: z.string().uuid().optional() })
  .strict();
export type CertificateListRequest = z.input<typeof certificateListRequestSchema>;

/** A certificate in a listing: everything but the PEM and the chain (`GET .../certificates/{id}` has them). */
export type CertificateSummary = Omit<CertificateDto, 'pem' | 'chain'>;

export interface CertificateListResponse {
  items: CertificateSummary[];
  /** The last certificate id of the page, when more follow. */
  nextCursor?: string;
}

/** A page of kms certificates, oldest first (by creation, then id). */
export const CertificateList = defineContract<CertificateListRequest, CertificateListResponse>(
  Subjects.KmsCertificateList,
  certificateListRequestSchema,
);
