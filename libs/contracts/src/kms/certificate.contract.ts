import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

/** Certificate profiles of API.md §2. `imported` marks an imported certificate that fits none of them. */
export const CERTIFICATE_PROFILES = ['iaca', 'document-signer', 'self-signed'] as const;
export type CertificateProfile = (typeof CERTIFICATE_PROFILES)[number];
export type StoredCertificateProfile = CertificateProfile | 'imported';

/** ISO 18013-5 guidance: an IACA lives at most 10 years (default), a Document Signer at most 457 days. */
export const CERTIFICATE_VALIDITY_DAYS: Record<CertificateProfile, { default: number; max: number }> = {
  iaca: { default: 3650, max: 3653 },
  'document-signer': { default: 365, max: 457 },
  'self-signed': { default: 365, max: 36500 },
};

/** id-mdl-kp-mdlDS (ISO 18013-5 Annex B): the extended key usage of an mdoc Document Signer. */
export const MDL_DS_EKU_OID = '1.0.18013.5.1.2';

export const certificateSubjectSchema = z
  .object({
    commonName: z.string().min(1).max(64),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code (2 uppercase letters)'),
    organization: z.string().min(1).max(64).optional(),
    stateOrProvince: z.string().min(1).max(128).optional(),
  })
  .strict();
export type CertificateSubject = z.infer<typeof certificateSubjectSchema>;

const uriSchema = z
  .string()
  .max(2048)
  .url()
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http(s) URI');

/** RFC 1123 host name in ASCII (IDNs as `xn--` A-labels), optionally with a leading `*.` wildcard label; no IP. */
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const dnsNameSchema = z
  .string()
  .max(253)
  .refine(
    (v) => DNS_NAME.test(v) && !/^\d+$/.test(v.split('.').pop()!),
    'must be a DNS host name (letters, digits, hyphens; an IP address goes in ipAddresses)',
  );
const ipAddressSchema = z
  .string()
  .max(45)
  .refine((v) => z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success, 'must be an IPv4 or IPv6 address');
/** The SAN of a leaf certificate names the issuer its `x5c` speaks for (SD-JWT VC §3.5: `iss` host or URL). */
export const subjectAlternativeNamesSchema = z
  .object({
    dnsNames: z.array(dnsNameSchema).min(1).max(20).optional(),
    uris: z
      .array(uriSchema.refine((v) => /^[\x21-\x7e]+$/.test(v), 'must be ASCII (IA5String): percent-encode other characters'))
      .min(1)
      .max(20)
      .optional(),
    ipAddresses: z.array(ipAddressSchema).min(1).max(20).optional(),
  })
  .strict()
  .refine((v) => v.dnsNames || v.uris || v.ipAddresses, 'name at least one of dnsNames, uris, ipAddresses');
export type SubjectAlternativeNames = z.infer<typeof subjectAlternativeNamesSchema>;

export const certificateCreateRequestSchema = z
  .object({
    profile: z.enum(CERTIFICATE_PROFILES),
    keyId: z.string().uuid(),
    subject: certificateSubjectSchema,
    issuerCertificateId: z.string().uuid().optional(),
    validityDays: z.number().int().min(1).max(36500).optional(),
    issuerAlternativeNameUri: uriSchema.optional(),
    crlDistributionPointUri: uriSchema.optional(),
    subjectAlternativeNames: subjectAlternativeNamesSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.profile === 'document-signer' && !value.issuerCertificateId)
      ctx.addIssue({ code: 'custom', path: ['issuerCertificateId'], message: 'required for a document-signer (the IACA certificate id)' });
    if (value.profile !== 'document-signer' && value.issuerCertificateId)
      ctx.addIssue({
        code: 'custom',
        path: ['issuerCertificateId'],
        message: `not allowed for a ${value.profile} certificate (it is self-signed)`,
      });
  });
export type CertificateCreateRequest = z.infer<typeof certificateCreateRequestSchema>;

export const certificateImportRequestSchema = z
  .object({
    pem: z.string().min(1).max(200_000),
    keyId: z.string().uuid().optional(),
  })
  .strict();
export type CertificateImportRequest = z.infer<typeof certificateImportRequestSchema>;

export const certificateGetRequestSchema = z.object({ certificateId: z.string().uuid() }).strict();
export type CertificateGetRequest = z.infer<typeof certificateGetRequestSchema>;

/** API.md §2 `Certificate` (plus `issuerCertificateId`, `serialNumber` and `createdAt`). */
export interface CertificateDto {
  certificateId: string;
  profile: StoredCertificateProfile;
  keyId: string | null;
  subject: Partial<CertificateSubject> & { commonName?: string };
  notBefore: string;
  notAfter: string;
  pem: string;
  /** Leaf first; a document-signer's chain leaves out the trust anchor (its IACA, `issuerCertificateId`). */
  chain: string[];
  issuerCertificateId: string | null;
  serialNumber: string;
  createdAt: string;
}

export const CertificateCreate = defineContract<CertificateCreateRequest, CertificateDto>(
  Subjects.KmsCertificateCreate,
  certificateCreateRequestSchema,
);
export const CertificateImport = defineContract<CertificateImportRequest, CertificateDto>(
  Subjects.KmsCertificateImport,
  certificateImportRequestSchema,
);
export const CertificateGet = defineContract<CertificateGetRequest, CertificateDto>(
  Subjects.KmsCertificateGet,
  certificateGetRequestSchema,
);
