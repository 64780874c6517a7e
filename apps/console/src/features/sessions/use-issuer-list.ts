import { useQuery } from '@tanstack/react-query';
import { get, seg } from '../../api/client';

// Keys start with 'sessions': other areas cache other shapes of the same resources.
export interface IssuerItem {
  id: string;
  display?: { name: string }[];
}

export interface ProfileItem {
  profileId: string;
  name: string;
  status: string;
}

export const useIssuerList = () =>
  useQuery({ queryKey: ['sessions', 'issuers'], queryFn: () => get<{ items: IssuerItem[] }>('/issuers').then((r) => r.items) });

export const useProfileList = (issuerId: string) =>
  useQuery({
    queryKey: ['sessions', 'profiles', issuerId],
    queryFn: () => get<{ items: ProfileItem[] }>(`/issuers/${seg(issuerId)}/profiles`).then((r) => r.items),
  });

export function issuerName(issuer: IssuerItem): string {
  const name = issuer.display?.[0]?.name;
  return name && name !== issuer.id ? `${name} (${issuer.id})` : issuer.id;
}
