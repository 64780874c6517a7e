import { useQuery } from '@tanstack/react-query';
import { ApiError, toApiError } from '../../api/api-error';
import { fetchAllPages } from '../../api/all-pages';
import { get, seg } from '../../api/client';
import type { Issuer, IssuerMetadata, IssuerUser, Key, WebhookSecretStatus } from './types';

/**
 * Query keys of the issuers area (the list is the shared one of api/use-issuers.ts). The cached values are the API's
 * answers as they are, so other pages that read the same routes under the same keys share them.
 */
export const issuerKeys = {
  one: (issuerId: string) => ['issuers', issuerId] as const,
  users: (issuerId: string) => ['issuers', issuerId, 'users'] as const,
  webhookSecret: (issuerId: string) => ['issuers', issuerId, 'webhook-secret'] as const,
  metadata: (issuerId: string) => ['issuer-metadata', issuerId] as const,
  keys: ['keys', 'all'] as const,
};

export const issuerPath = (issuerId: string) => `/issuers/${seg(issuerId)}`;

export function useIssuer(issuerId: string) {
  return useQuery({ queryKey: issuerKeys.one(issuerId), queryFn: () => get<Issuer>(issuerPath(issuerId)) });
}

export function useIssuerUsers(issuerId: string, enabled = true) {
  return useQuery({
    queryKey: issuerKeys.users(issuerId),
    queryFn: () => get<{ items: IssuerUser[] }>(`${issuerPath(issuerId)}/users`),
    enabled,
  });
}

/** The webhook secret's status, or `null` while the issuer has none yet (the API answers 404 then). */
export function useWebhookSecret(issuerId: string) {
  return useQuery({
    queryKey: issuerKeys.webhookSecret(issuerId),
    queryFn: async () => {
      try {
        return await get<WebhookSecretStatus>(`${issuerPath(issuerId)}/webhook-secret`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && /webhook secret/.test(error.detail ?? '')) return null;
        throw error;
      }
    },
  });
}

/** Keys are listed a page at a time; a selector needs them all (a deployment has tens, not thousands). */
const KEY_PAGES = 10;

export function useKeys() {
  return useQuery({
    queryKey: issuerKeys.keys,
    queryFn: () => fetchAllPages<Key>('/keys', KEY_PAGES),
  });
}

/**
 * The public Credential Issuer Metadata exactly as wallets fetch it (API.md §8, same origin, no credentials), so the
 * preview shows what a wallet would show and not the console's idea of it.
 */
export async function fetchIssuerMetadata(issuerId: string): Promise<IssuerMetadata> {
  let response: Response;
  try {
    response = await fetch(`/.well-known/openid-credential-issuer/issuers/${seg(issuerId)}`, {
      headers: { accept: 'application/json' },
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'The platform cannot be reached', 'Check the network connection and that the platform is running.');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as IssuerMetadata;
}

export function useIssuerMetadata(issuerId: string) {
  return useQuery({ queryKey: issuerKeys.metadata(issuerId), queryFn: () => fetchIssuerMetadata(issuerId) });
}
