import type { FieldError } from '@issuer/platform';
import type { OwnedKind } from '../admin-permissions';
import { isPlatformAdmin, type Principal } from '../principal';

/** A key, DID or certificate that a configuration or a request names, and the field naming it. */
export interface ResourceRef {
  kind: OwnedKind;
  id: string;
  path: string;
}

/**
 * Whether `consumer` (an issuer, or null for a platform resource) may use a resource of `owner` (an issuer; null for
 * the platform; undefined without an ownership row). An issuer's resource serves that issuer only, whoever asks; the
 * platform's serve anyone, but only platform-admin may name them (API.md §13). A DID without a row is not one of ours
 * (or predates ownership): naming it is allowed, because it signs nothing itself — the key does, and the profile
 * checks the DID document holds that key.
 */
export function canUse(kind: OwnedKind, owner: string | null | undefined, consumer: string | null, principal: Principal): boolean {
  if (owner === undefined && kind === 'did') return true;
  const ownerId = owner ?? null;
  return ownerId === consumer || (ownerId === null && isPlatformAdmin(principal));
}

const NOUN: Record<OwnedKind, string> = { key: 'key', did: 'DID', certificate: 'certificate' };

/**
 * One 400 error per reference the principal may not use for `consumer`. The message is the same whether the
 * resource exists, belongs to another issuer or to the platform, so a refusal tells nothing about other issuers.
 * References in `kept` (already in the stored configuration) stay allowed: editing another field of a configuration
 * a platform-admin set up with a platform key must not force the key out.
 */
export function referenceErrors(
  refs: ResourceRef[],
  owners: Map<string, string | null | undefined>,
  consumer: string | null,
  principal: Principal,
  kept: ReadonlySet<string> = new Set(),
): FieldError[] {
  const whose = consumer === null ? 'the platform' : `issuer ${consumer}`;
  const alsoPlatform = consumer !== null && isPlatformAdmin(principal) ? ' or to the platform' : '';
  return refs
    .filter((ref) => !kept.has(refKey(ref)) && !canUse(ref.kind, owners.get(refKey(ref)), consumer, principal))
    .map((ref) => ({
      path: ref.path,
      message: `${NOUN[ref.kind]} ${ref.id} cannot be used by ${whose}: it must belong to ${consumer ?? 'the platform'}${alsoPlatform}`,
    }));
}

export function refKey(ref: { kind: OwnedKind; id: string }): string {
  return `${ref.kind}:${ref.id}`;
}

/** The resources an issuer configuration names (API.md §4 and signedMetadata). */
export function issuerConfigRefs(config: {
  tokenKeyId?: string;
  statusListKeyId?: string;
  signedMetadata?: { keyId: string; certificateId?: string };
}): ResourceRef[] {
  const refs: ResourceRef[] = [];
  if (config.tokenKeyId) refs.push({ kind: 'key', id: config.tokenKeyId, path: 'tokenKeyId' });
  if (config.statusListKeyId) refs.push({ kind: 'key', id: config.statusListKeyId, path: 'statusListKeyId' });
  if (config.signedMetadata) {
    refs.push({ kind: 'key', id: config.signedMetadata.keyId, path: 'signedMetadata.keyId' });
    if (config.signedMetadata.certificateId)
      refs.push({ kind: 'certificate', id: config.signedMetadata.certificateId, path: 'signedMetadata.certificateId' });
  }
  return refs;
}

/** The resources a profile (or an offer's runtimeOverrides, under `prefix`) names. */
export function profileRefs(profile: { issuerKeyId?: string; certificateId?: string; issuerDid?: string }, prefix = ''): ResourceRef[] {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const refs: ResourceRef[] = [];
  if (profile.issuerKeyId) refs.push({ kind: 'key', id: profile.issuerKeyId, path: at('issuerKeyId') });
  if (profile.certificateId) refs.push({ kind: 'certificate', id: profile.certificateId, path: at('certificateId') });
  if (profile.issuerDid) refs.push({ kind: 'did', id: profile.issuerDid, path: at('issuerDid') });
  return refs;
}
