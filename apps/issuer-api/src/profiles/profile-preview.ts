import { z } from 'zod';
import { CredentialError, deepMergeReplace, parseJsonPath } from '@issuer/credentials';
import type { FieldError } from '@issuer/platform';
import type { TokenSession } from '../sessions/session.types';
import type { CredentialDataBuilder } from '../wallet/credential-data.builder';
import type { ProfileRecord } from './profile.repository';
import {
  EXAMPLE_HOLDER_DID,
  EXAMPLE_SESSION_ID,
  placeholdersOf,
  stageMapping,
  type DataPath,
  type PreviewPlaceholder,
} from './mapping-preview';

/** `POST …/profiles/{profileId}/preview`: the `runtimeOverrides.credentialData` an offer would carry, if any. */
export const previewRequestSchema = z.object({ credentialData: z.record(z.string(), z.unknown()).optional() }).strict();
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

/** Something that changes the data after the preview's point in time, or stops offers (no value to show). */
export interface PreviewWarning {
  path?: DataPath;
  message: string;
}

export interface ProfilePreview {
  profileId: string;
  version: number;
  /** The time the preview evaluated the data functions with. */
  previewedAt: string;
  /** The credential's data before a format shapes it: profile data, overrides, then the mapping's results. */
  credentialData: Record<string, unknown>;
  /** Claims the mapping's `jwt:` members set in the credential's JWT. */
  jwtClaims: Record<string, unknown>;
  placeholders: PreviewPlaceholder[];
  warnings: PreviewWarning[];
  /** The credential endpoint would refuse this data (e.g. a data function without a value): what it would say. */
  failure?: { message: string; errors: FieldError[] };
}

/**
 * What a credential's data becomes for a profile, without issuing or storing anything (issue 16 item 3): the overrides
 * are merged as an offer merges them, then the credential endpoint's own builder evaluates the mapping. What only a real
 * issuance knows gets an example value and a placeholder entry saying so; `<webhook…>` functions are not called.
 */
export async function previewProfile(
  builder: CredentialDataBuilder,
  profile: ProfileRecord,
  credentialConfiguration: Record<string, unknown>,
  request: PreviewRequest,
  now: Date,
): Promise<ProfilePreview> {
  const body = profile.body;
  // As OfferService merges `runtimeOverrides.credentialData`: objects recursively, scalars and arrays replaced.
  const data = deepMergeReplace(body.credentialData ?? {}, request.credentialData ?? {});
  const staged = body.mapping ? stageMapping(body.mapping) : undefined;
  const session: TokenSession = {
    sessionId: EXAMPLE_SESSION_ID,
    issuerId: profile.issuerId,
    profileId: profile.profileId,
    status: 'ACTIVE',
    credentialConfigurationId: body.credentialConfigurationId,
    credentialIdentifiers: null,
    snapshot: { profile: { ...body, credentialData: data, mapping: staged?.mapping }, credentialConfiguration },
    accessTokenExpiresAt: now,
    accessTokenJkt: null,
  };
  const base = {
    profileId: profile.profileId,
    version: profile.version,
    previewedAt: now.toISOString(),
    warnings: warningsOf(profile),
  };
  try {
    const built = await builder.build({ session, holder: { did: EXAMPLE_HOLDER_DID }, now });
    return {
      ...base,
      credentialData: built.claims,
      jwtClaims: built.jwtClaims,
      placeholders: placeholdersOf(staged?.sites ?? [], data, built),
    };
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    const errors = (error.errors ?? []).map((e) => ({ path: `mapping.${e.path}`, message: e.message }));
    return { ...base, credentialData: data, jwtClaims: {}, placeholders: [], failure: { message: error.message, errors } };
  }
}

/** What happens to the data after it is built, or around it, that the preview cannot show as a value. */
function warningsOf(profile: ProfileRecord): PreviewWarning[] {
  const body = profile.body;
  const warnings: PreviewWarning[] = [];
  if (profile.status === 'INACTIVE') warnings.push({ message: 'The profile is INACTIVE: no new offers are made from it.' });
  for (const [source, destination] of Object.entries(body.idTokenClaimsMapping ?? {})) {
    const parsed = parseJsonPath(destination);
    warnings.push({
      ...(parsed.valid ? { path: [...parsed.names] } : {}),
      message: `Replaced at login by the login claim ${source} (idTokenClaimsMapping, authorization code flow); shown: the profile's value.`,
    });
  }
  if (body.issuance?.mode === 'DEFERRED')
    warnings.push({ message: 'Deferred issuance: the operator who approves a credential may supply credentialData, merged over this.' });
  return warnings;
}
