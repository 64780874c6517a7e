import { useQuery } from '@tanstack/react-query';
import { get } from './client';

/**
 * `GET /api/v1/issuers`, the issuers in the principal's scope, cached once for every area under one key and in one
 * shape: the API's answer as it is (`{ items }`). Areas that want less (the items, their ids) use `select`, which
 * leaves the cached answer alone; nothing else may cache another shape under this key.
 */
export const issuersQueryKey = ['issuers'] as const;

/** An issuer as the list answers it (the whole Issuer); each area types the members it reads. */
export type IssuerListItem = { id: string; display?: { name?: string; locale?: string }[] };

export type IssuersAnswer<I extends IssuerListItem = IssuerListItem> = { items: I[] };

export interface UseIssuersOptions<I extends IssuerListItem, S> {
  enabled?: boolean;
  select?: (answer: IssuersAnswer<I>) => S;
}

export function useIssuers<I extends IssuerListItem = IssuerListItem, S = IssuersAnswer<I>>({
  enabled,
  select,
}: UseIssuersOptions<I, S> = {}) {
  return useQuery({ queryKey: issuersQueryKey, queryFn: () => get<IssuersAnswer<I>>('/issuers'), enabled, select });
}

/** The issuers' list items (for pickers). */
export const issuerItems = <I extends IssuerListItem>(answer: IssuersAnswer<I>) => answer.items;
