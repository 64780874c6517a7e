import { z } from 'zod';
import {
  credentialStatusValueSchema,
  statusListTypeSchema,
  statusPurposeSchema,
  type StatusListType,
  type StatusPurpose,
} from '@issuer/contracts';
import type { FieldError } from '@issuer/platform';
import { validateStatusMessages } from '@issuer/status-list';

/**
 * Profile `credentialStatus` (API.md §5). `purpose` defaults to `revocation`; `suspension` also allows
 * SUSPENDED (2-bit Token Status Lists; a suspension list for W3C); W3C credentials can hold both
 * (`["revocation","suspension"]`: two entries, two lists), and a Bitstring `message` list holds VALID,
 * REVOKED and SUSPENDED as 2-bit values described by `statusMessage` (4 items; defaults provided).
 * `statusListId` names a list family (its own lists, rolled over together); `initialStatus` is the status a
 * credential is issued with.
 */
export const credentialStatusSchema = z
  .object({
    type: statusListTypeSchema,
    purpose: z
      .union([
        statusPurposeSchema,
        z
          .array(z.enum(['revocation', 'suspension']))
          .min(1)
          .max(2),
      ])
      .optional(),
    statusMessage: z
      .array(z.object({ status: z.string().max(8), message: z.string().min(1).max(200) }).strict())
      .max(16)
      .optional(),
    statusListId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters [A-Za-z0-9._-]')
      .optional(),
    initialStatus: z.enum(['VALID', 'SUSPENDED']).optional(),
  })
  .strict();
export type CredentialStatusConfig = z.infer<typeof credentialStatusSchema>;

/** Body of `PUT …/sessions/{sessionId}/status` and `PUT …/credentials/{credentialId}/status` (API.md §7). */
export const statusBodySchema = z.object({ status: credentialStatusValueSchema }).strict();

/** Which status mechanisms a credential format can reference (formats-and-status §6.4). */
const COMPATIBLE: Record<string, StatusListType[]> = {
  'dc+sd-jwt': ['TokenStatusList'],
  'vc+sd-jwt': ['TokenStatusList'],
  mso_mdoc: ['TokenStatusList'],
  jwt_vc_json: ['BitstringStatusList', 'StatusList2021'],
  'jwt_vc_json-ld': ['BitstringStatusList', 'StatusList2021'],
  ldp_vc: ['BitstringStatusList', 'StatusList2021'],
};

/** Refuses a status mechanism the format cannot carry, and an initial status the list cannot express. */
export function checkCredentialStatus(
  status: CredentialStatusConfig | undefined,
  format: unknown,
  at: (field: string) => string,
): FieldError[] {
  if (!status) return [];
  const errors: FieldError[] = [];
  const allowed = COMPATIBLE[String(format)] ?? [];
  if (!allowed.includes(status.type)) {
    errors.push({
      path: at('credentialStatus.type'),
      message: allowed.length
        ? `${status.type} is not compatible with format ${String(format)}; use ${allowed.join(' or ')}`
        : `format ${String(format)} does not support a status list`,
    });
  }
  const purposes = statusPurposesOf(status);
  const purposeError = (message: string) => errors.push({ path: at('credentialStatus.purpose'), message });
  if (new Set(purposes).size !== purposes.length) purposeError('must not repeat a purpose');
  if (status.type === 'TokenStatusList' && (purposes.length > 1 || purposes[0] === 'message'))
    purposeError('a Token Status List holds every status in one list: use "revocation", or "suspension" to also allow SUSPENDED');
  if (status.type === 'StatusList2021' && purposes.includes('message'))
    purposeError('purpose "message" needs a BitstringStatusList (StatusList2021 has no statusSize)');
  if (status.statusMessage) {
    const problems = purposes.includes('message')
      ? validateStatusMessages(2, status.statusMessage)
      : ['statusMessage needs purpose "message"'];
    for (const message of problems) errors.push({ path: at('credentialStatus.statusMessage'), message });
  }
  if (status.initialStatus === 'SUSPENDED' && purposes.every((p) => p === 'revocation')) {
    errors.push({ path: at('credentialStatus.initialStatus'), message: 'SUSPENDED needs purpose "suspension" or "message"' });
  }
  return errors;
}

/** The purposes of a profile's status configuration, one list (and entry) each; `revocation` by default. */
export function statusPurposesOf(status: CredentialStatusConfig): StatusPurpose[] {
  if (status.purpose === undefined) return ['revocation'];
  return Array.isArray(status.purpose) ? status.purpose : [status.purpose];
}
