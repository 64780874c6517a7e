import { get } from './client';

/**
 * A whole list the API pages with `nextCursor` (a scoped page may hold fewer than `limit`): pages of 500 are followed
 * up to `maxPages` of them. For lists a deployment keeps small (keys, certificates), read whole for pickers and tables.
 */
export async function fetchAllPages<T>(path: string, maxPages: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await get<{ items: T[]; nextCursor?: string }>(path, { limit: 500, cursor });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}
