import type { IssuerEvent } from './types';

/**
 * Whether a deferred credential request waits for the operator: its acceptance event (`credential_request_*_succeeded`
 * with `data.deferred`) has no delivery (`deferred_credential_request_succeeded`) yet. The API has no "pending" flag
 * on the session; the events are where the transaction shows.
 */
export function waitsForData(events: IssuerEvent[]): boolean {
  let open = 0;
  for (const event of events) {
    if (event.event.startsWith('credential_request_') && event.event.endsWith('_succeeded') && event.data?.deferred === true) open += 1;
    else if (event.event === 'deferred_credential_request_succeeded' && open > 0) open -= 1;
  }
  return open > 0;
}
