import { useQuery, type QueryClient } from '@tanstack/react-query';
import { fetchAllPages } from '../../api/all-pages';
import { get, seg } from '../../api/client';
import { requestSchema } from '../../api/openapi-schemas';
import type { Certificate, Did, IssuerSummary, Key, Profile, ProfileVersion, ProfileVersionSummary } from './types';

/**
 * Query keys of the profiles area. Issuers are read under the issuers area's keys (the list: api/use-issuers.ts) (the API's answers as they are), so
 * both areas share them; profiles have their own root, since other areas cache profile lists in other shapes.
 */
export const profileKeys = {
  ofIssuer: (issuerId: string) => ['profiles', issuerId] as const,
  list: (issuerId: string) => ['profiles', issuerId, 'list'] as const,
  one: (issuerId: string, profileId: string) => ['profiles', issuerId, 'profile', profileId] as const,
  versions: (issuerId: string, profileId: string) => ['profiles', issuerId, 'profile', profileId, 'versions'] as const,
  version: (issuerId: string, profileId: string, version: number) =>
    ['profiles', issuerId, 'profile', profileId, 'versions', version] as const,
  issuer: (issuerId: string) => ['issuers', issuerId] as const,
  keys: ['profiles-form', 'keys'] as const,
  dids: ['profiles-form', 'dids'] as const,
  certificates: ['profiles-form', 'certificates'] as const,
  schema: ['openapi-schema', 'profile'] as const,
};

export const profilesPath = (issuerId: string) => `/issuers/${seg(issuerId)}/profiles`;
export const profilePath = (issuerId: string, profileId: string) => `${profilesPath(issuerId)}/${seg(profileId)}`;

/** Console URLs (relative to /console) of the profile pages. */
export const profileUrl = (issuerId: string, profileId?: string, tail = '') =>
  `/issuers/${encodeURIComponent(issuerId)}/profiles${profileId === undefined ? '' : `/${encodeURIComponent(profileId)}`}${tail}`;

/** After a profile changed: this area's caches of the issuer's profiles and the offers area's (other shapes, same routes). */
export function profilesChanged(queryClient: QueryClient, issuerId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: profileKeys.ofIssuer(issuerId) }),
    queryClient.invalidateQueries({ queryKey: ['issuers', issuerId, 'profiles'] }),
  ]);
}

export function useIssuer(issuerId: string) {
  return useQuery({ queryKey: profileKeys.issuer(issuerId), queryFn: () => get<IssuerSummary>(`/issuers/${seg(issuerId)}`) });
}

export const fetchProfiles = (issuerId: string) => get<{ items: Profile[] }>(profilesPath(issuerId));

export function useProfiles(issuerId: string) {
  return useQuery({ queryKey: profileKeys.list(issuerId), queryFn: () => fetchProfiles(issuerId) });
}

export function useProfile(issuerId: string, profileId: string) {
  return useQuery({ queryKey: profileKeys.one(issuerId, profileId), queryFn: () => get<Profile>(profilePath(issuerId, profileId)) });
}

export function useVersions(issuerId: string, profileId: string) {
  return useQuery({
    queryKey: profileKeys.versions(issuerId, profileId),
    queryFn: () => get<{ items: ProfileVersionSummary[] }>(`${profilePath(issuerId, profileId)}/versions`),
  });
}

export function useVersion(issuerId: string, profileId: string, version: number | undefined) {
  return useQuery({
    queryKey: profileKeys.version(issuerId, profileId, version ?? 0),
    queryFn: () => get<ProfileVersion>(`${profilePath(issuerId, profileId)}/versions/${version}`),
    enabled: version !== undefined,
    // A stored version never changes.
    staleTime: Infinity,
  });
}

/** The whole list for the pickers: a deployment has tens of keys or certificates, not thousands. */
const allPages = <T>(path: string) => fetchAllPages<T>(path, 10);

export function useKeys() {
  return useQuery({ queryKey: profileKeys.keys, queryFn: () => allPages<Key>('/keys') });
}

export function useDids() {
  return useQuery({ queryKey: profileKeys.dids, queryFn: async () => (await get<{ items: Did[] }>('/dids')).items });
}

export function useCertificates() {
  return useQuery({ queryKey: profileKeys.certificates, queryFn: () => allPages<Certificate>('/certificates') });
}

/** The API's own Profile schema (POST and PUT take the same body); null without the OpenAPI document. */
export function useProfileSchema() {
  return useQuery({
    queryKey: profileKeys.schema,
    queryFn: () =>
      requestSchema('post', '/api/v1/issuers/{issuerId}/profiles').then(
        (s) => s ?? null,
        () => null,
      ),
    staleTime: Infinity,
  });
}
