import { act, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem, type RecordedRequest } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { sessionsFeature } from '.';
import { FakeEventSource } from './fake-event-source';
import { credential, event, principal, session, signedInRoutes, signIn } from './test-fixtures';
import type { Session } from './types';

const userEvent = userEventLib.setup({ delay: null });
const BASE = '/api/v1/issuers/acme/sessions/case-42';
const PAGE = '/issuers/acme/sessions/case-42';
const sent = (requests: RecordedRequest[], method: string) => requests.filter((r) => r.method === method).map((r) => [r.path, r.body]);

function platform(me: object, current: Session, extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/v1/me': () => ({ status: 200, body: me }),
    [`GET ${BASE}`]: () => ({ status: 200, body: current }),
    [`POST ${BASE}/events/token`]: () => ({ status: 200, body: { token: 'tok', expiresIn: 60 } }),
    [`GET ${BASE}/deliveries`]: () => ({ status: 200, body: { items: [] } }),
    ...extra,
  });
}

const issued = session({ status: 'SUCCESSFUL', credentials: [credential('cred-1', 'VALID'), credential('cred-2', 'SUSPENDED')] });

describe('session actions', { timeout: 30_000 }, () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    signIn();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('revokes one credential after the confirmation step, and sends nothing when cancelled', async () => {
    const api = platform(principal(['status-manager'], ['acme']), issued, {
      'PUT /api/v1/issuers/acme/credentials/cred-1/status': () => ({ status: 200, body: { credentials: [] } }),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    const row = await screen.findByTestId('credential-cred-1');
    expect(within(row).getByText('VALID')).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Suspend', 'Revoke']);
    expect(
      within(screen.getByTestId('credential-cred-2'))
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Reinstate', 'Revoke']);

    await userEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this credential?' });
    expect(dialog.textContent).toContain('This is final');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent(api.requests, 'PUT')).toEqual([]);

    await userEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent(api.requests, 'PUT')).toEqual([['/api/v1/issuers/acme/credentials/cred-1/status', { status: 'REVOKED' }]]);
    // The page shows what the API now says.
    expect(api.requests.filter((r) => r.method === 'GET' && r.path === BASE).length).toBeGreaterThan(1);
  });

  it('changes every credential of the session from the menu, and shows a refusal in the dialog', async () => {
    const api = platform(principal(['issuer-admin'], ['acme']), issued, {
      [`PUT ${BASE}/status`]: () => problem(409, 'Conflict', [], 'credential cred-9 is REVOKED, which is final'),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await userEvent.click(await screen.findByRole('button', { name: 'All credentials' }));
    // happy-dom has no layout, so the positioned dropdown counts as detached and stays display: none.
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Reinstate all', hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Reinstate every credential of this session?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('credential cred-9 is REVOKED, which is final')).toBeTruthy();
    expect(sent(api.requests, 'PUT')).toEqual([[`${BASE}/status`, { status: 'VALID' }]]);
  });

  it('shows no status actions, purge or redeliver to a viewer, nor to a status manager of another issuer', async () => {
    platform(principal(['viewer'], ['acme']), issued);
    const first = renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await screen.findByTestId('credential-cred-1');
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Purge personal data' })).toBeNull();
    first.unmount();

    platform(principal(['status-manager', 'issuer-admin'], ['other']), issued);
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await screen.findByTestId('credential-cred-1');
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Purge personal data' })).toBeNull();
  });

  it('redelivers a webhook delivery', async () => {
    const api = platform(principal(['offer-manager'], ['acme']), issued, {
      [`GET ${BASE}/deliveries`]: () => ({
        status: 200,
        body: {
          items: [
            {
              eventId: 'ev-1',
              event: 'issuance_status_changed',
              url: 'https://hooks.example/issuer',
              attempts: 20,
              status: 'DEAD',
              lastStatusCode: 500,
              lastError: 'HTTP 500',
              nextAttemptAt: null,
              deliveredAt: null,
            },
          ],
        },
      }),
      [`POST ${BASE}/deliveries/ev-1/redeliver`]: () => ({ status: 202, body: { eventId: 'ev-1', status: 'PENDING' } }),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    const table = await screen.findByRole('table', { name: 'Webhook deliveries' });
    expect(within(table).getByText('DEAD')).toBeTruthy();
    expect(within(table).getByText('HTTP 500')).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: 'Redeliver issuance_status_changed' }));
    await waitFor(() => expect(sent(api.requests, 'POST').map(([path]) => path)).toContain(`${BASE}/deliveries/ev-1/redeliver`));
  });

  it('supplies the data of a deferred request and approves it, once the events show the wallet waiting', async () => {
    const api = platform(principal(['offer-manager'], ['acme']), session(), {
      [`POST ${BASE}/credential-data`]: () => ({ status: 204 }),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    expect(screen.queryByText('Waiting for the credential data')).toBeNull();
    const source = FakeEventSource.latest();
    act(() => {
      source.open();
      source.emit(event('credential_request_sd_jwt_vc_succeeded', { data: { deferred: true } }));
    });
    expect(await screen.findByText('Waiting for the credential data')).toBeTruthy();
    const wrapper = screen
      .getByText('Credential data to supply', { selector: 'label' })
      .closest('.mantine-InputWrapper-root') as HTMLElement;
    const view = EditorView.findFromDOM(wrapper)!;
    act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: '{"degree": "MSc"}' } }));
    await userEvent.click(screen.getByRole('button', { name: 'Approve and issue' }));
    expect(await screen.findByText('The wallet receives the credential at its next poll.')).toBeTruthy();
    expect(sent(api.requests, 'POST').filter(([path]) => path === `${BASE}/credential-data`)).toEqual([
      [`${BASE}/credential-data`, { approve: true, credentialData: { degree: 'MSc' } }],
    ]);
  });

  it('refuses a deferred request only after confirming', async () => {
    const api = platform(principal(['offer-manager'], ['acme']), session(), {
      [`POST ${BASE}/credential-data`]: () => ({ status: 204 }),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.latest().emit(event('credential_request_w3c_vc_succeeded', { data: { deferred: true } })));
    await userEvent.click(await screen.findByRole('button', { name: 'Refuse' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refuse this credential?' });
    expect(sent(api.requests, 'POST').filter(([path]) => path === `${BASE}/credential-data`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('The wallet is told the credential was denied.')).toBeTruthy();
    expect(sent(api.requests, 'POST').filter(([path]) => path === `${BASE}/credential-data`)).toEqual([
      [`${BASE}/credential-data`, { approve: false }],
    ]);
  });

  it('purges the session after confirmation and goes back to the list', async () => {
    const api = platform(principal(['issuer-admin'], ['acme']), issued, {
      [`DELETE ${BASE}`]: () => ({ status: 204 }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [{ id: 'acme' }] } }),
      'GET /api/v1/issuers/acme/sessions': () => ({ status: 200, body: { items: [] } }),
      'GET /api/v1/issuers/acme/profiles': () => ({ status: 200, body: { items: [] } }),
    });
    const { router } = renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await userEvent.click(await screen.findByRole('button', { name: 'Purge personal data' }));
    const dialog = await screen.findByRole('dialog', { name: 'Purge this session?' });
    expect(sent(api.requests, 'DELETE')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Purge' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme/sessions'));
    expect(sent(api.requests, 'DELETE')).toEqual([[BASE, undefined]]);
  });
});
