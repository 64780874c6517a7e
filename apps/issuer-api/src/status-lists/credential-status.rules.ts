import { z } from 'zod';
import { credentialStatusValueSchema, statusListTypeSchema, statusPurposeSchema, type StatusListType } from '@issuer/contracts';
import type { FieldError } from '@issuer/platform';

/**
 * Profile `credentialStatus` (API.md §5). `purpose` defaults to `revocation`; `suspension` also allows
 * SUSPENDED (2-bit Token Status Lists; a suspension list for W3C). `statusListId` names a list family
 * (its own lists, rolled over together); `initialStatus` is the status a credential is issued with.
 */
export const credentialStatusSchema = z
  .object({
    type: statusListTypeSchema,
    purpose: statusPurposeSchema.optional(),
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
  if (status.initialStatus === 'SUSPENDED' && status.purpose !== 'suspension') {
    errors.push({ path: at('credentialStatus.initialStatus'), message: 'SUSPENDED needs purpose "suspension"' });
  }
  return errors;
}
