import { screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { sessionsFeature } from '.';
import { principal, session, signedInRoutes, signIn } from './test-fixtures';

const userEvent = userEventLib.setup({ delay: null });
const LIST = '/api/v1/issuers/acme/sessions';

function platform(pages: Record<string, { items: unknown[]; nextCursor?: string }>, issuers = [{ id: 'acme' }, { id: 'beta' }]) {
  return fakeApi({
    'GET /api/v1/me': () => ({ status: 200, body: principal(['offer-manager']) }),
    'GET /api/v1/issuers': () => ({ status: 200, body: { items: issuers } }),
    'GET /api/v1/issuers/acme/profiles': () => ({
      status: 200,
      body: { items: [{ profileId: 'identity', name: 'Identity', status: 'ACTIVE' }] },
    }),
    [`GET ${LIST}`]: (r) => ({ status: 200, body: pages[new URL(r.path, 'http://x').searchParams.get('cursor') ?? ''] ?? { items: [] } }),
  });
}
const listQueries = (requests: { method: string; path: string }[]) =>
  requests
    .filter((r) => r.method === 'GET' && r.path.startsWith(`${LIST}?`))
    .map((r) => Object.fromEntries(new URL(r.path, 'http://x').searchParams));

describe('the sessions list', { timeout: 30_000 }, () => {
  beforeEach(() => signIn());
  afterEach(() => sessionStorage.clear());

  it('goes straight to the only issuer, lists its sessions with their status and dates, and pages with the cursor', async () => {
    const api = platform(
      {
        '': {
          items: [session({ sessionId: 's-2', status: 'SUCCESSFUL' }), session({ sessionId: 's-1', status: 'EXPIRED', expiresAt: null })],
          nextCursor: 's-1',
        },
        's-1': { items: [session({ sessionId: 's-0', status: 'UNSUCCESSFUL', statusReason: 'deferred issuance refused' })] },
      },
      [{ id: 'acme' }],
    );
    const { router } = renderRoutes(signedInRoutes(sessionsFeature.routes), '/sessions');
    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme/sessions'));
    const table = await screen.findByRole('table', { name: 'Sessions' });
    expect(within(table).getByRole('link', { name: 's-2' }).getAttribute('href')).toBe('/issuers/acme/sessions/s-2');
    expect(within(table).getByText('SUCCESSFUL')).toBeTruthy();
    expect(within(table).getByText('never')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('deferred issuance refused')).toBeTruthy();
    expect(screen.getByText('Page 2')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('link', { name: 's-2' })).toBeTruthy();
    // The first page again: shown from the cache at once, and fetched anew.
    await waitFor(() => expect(listQueries(api.requests)).toEqual([{ limit: '25' }, { cursor: 's-1', limit: '25' }, { limit: '25' }]));
  });

  it('filters by status and profile (kept in the address) and starts over at the first page', async () => {
    const api = platform({
      '': { items: [session({ sessionId: 's-1' })], nextCursor: 's-1' },
      's-1': { items: [session({ sessionId: 's-0' })] },
    });
    const { router } = renderRoutes(signedInRoutes(sessionsFeature.routes), '/issuers/acme/sessions?profileId=identity');
    await screen.findByRole('link', { name: 's-1' });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('link', { name: 's-0' });

    // happy-dom has no layout: the combobox's options count as hidden.
    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(await screen.findByRole('option', { name: 'EXPIRED', hidden: true }));
    await waitFor(() => expect(router.state.location.search).toBe('?profileId=identity&status=EXPIRED'));
    await waitFor(() => expect(listQueries(api.requests).at(-1)).toEqual({ status: 'EXPIRED', profileId: 'identity', limit: '25' }));
    expect(listQueries(api.requests)[0]).toEqual({ profileId: 'identity', limit: '25' });
  });

  it('says what to do when there is no session, and when no session matches the filters', async () => {
    platform({});
    const first = renderRoutes(signedInRoutes(sessionsFeature.routes), '/issuers/acme/sessions');
    expect(await screen.findByText('No sessions yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create an offer' }).getAttribute('href')).toBe('/offers');
    first.unmount();

    const { router } = renderRoutes(signedInRoutes(sessionsFeature.routes), '/issuers/acme/sessions?status=ACTIVE');
    expect(await screen.findByText('No session matches')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('asks for the issuer when there are several', async () => {
    platform({ '': { items: [session({ sessionId: 's-1' })] } });
    const { router } = renderRoutes(signedInRoutes(sessionsFeature.routes), '/sessions');
    expect(await screen.findByText(/Choose the issuer/)).toBeTruthy();
    await userEvent.click(screen.getByRole('combobox', { name: 'Issuer' }));
    await userEvent.click(await screen.findByRole('option', { name: 'acme', hidden: true }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme/sessions'));
    expect(await screen.findByRole('link', { name: 's-1' })).toBeTruthy();
  });
});
