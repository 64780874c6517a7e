import { useQuery } from '@tanstack/react-query';
import { fetchAllPages } from '../../api/all-pages';
import { get, seg } from '../../api/client';
import { useIssuers } from '../../api/use-issuers';
import type { Certificate, CertificateSummary, DidSummary, Key, KeyUsage } from './types';

/** Query keys; everything under `keys` is dropped after a change to keys (the issuers pages read keys too). */
export const keysKeys = {
  all: ['keys'] as const,
  list: ['keys', 'list'] as const,
  one: (keyId: string) => ['keys', 'one', keyId] as const,
  usage: (keyId: string) => ['keys', 'usage', keyId] as const,
  dids: ['dids'] as const,
  certificates: ['certificates'] as const,
  certificate: (id: string) => ['certificates', id] as const,
};

const MAX_PAGES = 20;

/** The whole list, up to MAX_PAGES pages of 500. */
const allPages = <T>(path: string) => fetchAllPages<T>(path, MAX_PAGES);

export const keyPath = (keyId: string) => `/keys/${seg(keyId)}`;

export function useKeys() {
  return useQuery({ queryKey: keysKeys.list, queryFn: () => allPages<Key>('/keys') });
}

export function useKey(keyId: string) {
  return useQuery({ queryKey: keysKeys.one(keyId), queryFn: () => get<Key>(keyPath(keyId)) });
}

export function useKeyUsage(keyId: string) {
  return useQuery({ queryKey: keysKeys.usage(keyId), queryFn: () => get<KeyUsage>(`${keyPath(keyId)}/usage`) });
}

export function useDids() {
  return useQuery({ queryKey: keysKeys.dids, queryFn: () => get<{ items: DidSummary[] }>('/dids').then((a) => a.items) });
}

export function useCertificates() {
  return useQuery({ queryKey: keysKeys.certificates, queryFn: () => allPages<CertificateSummary>('/certificates') });
}

export function useCertificate(certificateId: string) {
  return useQuery({
    queryKey: keysKeys.certificate(certificateId),
    queryFn: () => get<Certificate>(`/certificates/${seg(certificateId)}`),
  });
}

/** The ids of the issuers in scope (the shared issuers query, api/use-issuers.ts). */
export const useIssuerIds = () => useIssuers({ select: (answer) => answer.items.map((issuer) => issuer.id) });
