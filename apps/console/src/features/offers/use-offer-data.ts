import { useQuery } from '@tanstack/react-query';
import { get, seg } from '../../api/client';
import { issuerItems, useIssuers as useIssuersQuery } from '../../api/use-issuers';
import type { IssuerSummary, ProfileSummary } from './types';

// Keys start with 'offers': other areas cache other shapes of the same resources (but for the shared issuers list).

export const profileQuery = (issuerId: string, profileId: string) => ({
  queryKey: ['offers', 'profile', issuerId, profileId],
  queryFn: () => get<ProfileSummary>(`/issuers/${seg(issuerId)}/profiles/${seg(profileId)}`),
});

export const useProfile = (issuerId: string, profileId: string) => useQuery(profileQuery(issuerId, profileId));

/** The issuers in scope, as a list (the shared issuers query, api/use-issuers.ts). */
export const useIssuers = () => useIssuersQuery<IssuerSummary, IssuerSummary[]>({ select: issuerItems });

export const useProfiles = (issuerId: string | undefined) =>
  useQuery({
    queryKey: ['offers', 'profiles', issuerId],
    queryFn: () => get<{ items: ProfileSummary[] }>(`/issuers/${seg(issuerId ?? '')}/profiles`).then((r) => r.items),
    enabled: Boolean(issuerId),
  });

/** The name an issuer shows in pickers: its display name when it has one, and its id. */
export function issuerLabel(issuer: IssuerSummary): string {
  const name = issuer.display?.[0]?.name;
  return name && name !== issuer.id ? `${name} (${issuer.id})` : issuer.id;
}
