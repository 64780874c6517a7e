import { useQuery } from '@tanstack/react-query';
import { get, seg } from '../../api/client';
import { issuerItems, useIssuers } from '../../api/use-issuers';

// Keys start with 'sessions': other areas cache other shapes of the same resources (but for the shared issuers list).
export interface IssuerItem {
  id: string;
  display?: { name: string }[];
}

export interface ProfileItem {
  profileId: string;
  name: string;
  status: string;
}

/** The issuers in scope, as a list (the shared issuers query, api/use-issuers.ts). */
export const useIssuerList = () => useIssuers<IssuerItem, IssuerItem[]>({ select: issuerItems });

export const useProfileList = (issuerId: string) =>
  useQuery({
    queryKey: ['sessions', 'profiles', issuerId],
    queryFn: () => get<{ items: ProfileItem[] }>(`/issuers/${seg(issuerId)}/profiles`).then((r) => r.items),
  });

export function issuerName(issuer: IssuerItem): string {
  const name = issuer.display?.[0]?.name;
  return name && name !== issuer.id ? `${name} (${issuer.id})` : issuer.id;
}
