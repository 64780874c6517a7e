import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { sessionsFeature } from '.';
import { FakeEventSource } from './fake-event-source';
import { credential, event, principal, session, signedInRoutes, signIn } from './test-fixtures';

const BASE = '/api/v1/issuers/acme/sessions/case-42';
const PAGE = '/issuers/acme/sessions/case-42';

/** The platform as the page sees it: the session (changed by the test), stream tokens, deliveries. */
function platform(options: { me?: object; token?: () => { status: number; body?: unknown } } = {}) {
  const state = { session: session(), tokens: 0 };
  const fake = fakeApi({
    'GET /api/v1/me': () => ({ status: 200, body: options.me ?? principal(['platform-admin']) }),
    [`GET ${BASE}`]: () => ({ status: 200, body: state.session }),
    [`POST ${BASE}/events/token`]: () => options.token?.() ?? { status: 200, body: { token: `tok-${++state.tokens}`, expiresIn: 60 } },
    [`GET ${BASE}/deliveries`]: () => ({ status: 200, body: { items: [] } }),
  });
  return { state, fake };
}

describe('the session page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    signIn();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('opens the stream with a minted token, shows the replayed then the live events, and updates the status live', async () => {
    const { state, fake } = platform();
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    expect((await screen.findByTestId('session-status')).textContent).toBe('ACTIVE');
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    expect(source.url.split('?')[0]).toBe(`${BASE}/events`);
    expect(source.params.get('token')).toBe('tok-1');
    expect(source.params.has('lastEventId')).toBe(false);
    expect(fake.requests.find((r) => r.path === `${BASE}/events/token`)?.headers.authorization).toBe('Bearer isk_test');

    act(() => {
      source.open();
      source.emit(event('credential_offer_created', { requestId: 'req-1' }));
      source.emit(event('credential_offer_retrieved'));
      source.emit(
        event('token_request_pre_authorized_code_failed', {
          requestId: 'req-3',
          error: 'invalid_grant',
          error_description: 'wrong tx_code',
        }),
      );
    });
    const timeline = await screen.findByTestId('event-timeline');
    expect(within(timeline).getByText('Credential offer created')).toBeTruthy();
    expect(within(timeline).getByText('req-1')).toBeTruthy();
    expect(within(timeline).getByText('invalid_grant: wrong tx_code')).toBeTruthy();
    expect(screen.getByTestId('stream-status').textContent).toBe('Live');

    state.session = session({ status: 'SUCCESSFUL', credentials: [credential('cred-1', 'VALID')] });
    act(() => source.emit(event('issuance_status_changed', { data: { status: 'SUCCESSFUL' } })));
    await waitFor(() => expect(screen.getByTestId('session-status').textContent).toBe('SUCCESSFUL'));
    expect(within(timeline).getByText('status SUCCESSFUL')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Issued credentials' })).getByText('cred-1')).toBeTruthy();
    const names = [...timeline.querySelectorAll('[data-event]')].map((e) => e.getAttribute('data-event'));
    expect(names).toEqual([
      'credential_offer_created',
      'credential_offer_retrieved',
      'token_request_pre_authorized_code_failed',
      'issuance_status_changed',
    ]);
  });

  it('mints a new token when the stream is refused, resumes after the last event and shows each event once', async () => {
    const { state } = platform();
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const first = FakeEventSource.latest();
    const created = event('credential_offer_created');
    const retrieved = event('credential_offer_retrieved');
    act(() => {
      first.open();
      first.emit(created);
      first.emit(retrieved);
    });
    // The browser reconnecting by itself with a still valid token: nothing to do.
    act(() => first.fail(false));
    expect(await screen.findByText('Reconnecting…')).toBeTruthy();
    expect(FakeEventSource.instances).toHaveLength(1);
    // The token has expired: the reconnect is refused and EventSource gives up.
    act(() => first.fail(true));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    const second = FakeEventSource.latest();
    expect(state.tokens).toBe(2);
    expect(second.params.get('token')).toBe('tok-2');
    expect(second.params.get('lastEventId')).toBe(retrieved.id);
    act(() => {
      second.open();
      second.emit(retrieved); // a replay overlapping what was shown
      second.emit(event('token_request_pre_authorized_code_succeeded'));
    });
    const timeline = screen.getByTestId('event-timeline');
    await waitFor(() => expect(timeline.querySelectorAll('[data-event]')).toHaveLength(3));
    expect(screen.getByTestId('stream-status').textContent).toBe('Live');
  });

  it('says so when the stream cannot be followed (the token is refused)', async () => {
    platform({ token: () => problem(403, 'Forbidden', [], 'viewer is needed on issuer acme') });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    expect(await screen.findByText('The live events cannot be followed')).toBeTruthy();
    expect(screen.getByText('viewer is needed on issuer acme')).toBeTruthy();
    expect(screen.getByTestId('stream-status').textContent).toBe('Not connected');
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('says a purged or unknown session is not there', async () => {
    fakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: principal(['viewer']) }),
      [`GET ${BASE}`]: () => problem(404, 'Not Found', [], 'session case-42'),
      [`POST ${BASE}/events/token`]: () => problem(404, 'Not Found'),
    });
    renderRoutes(signedInRoutes(sessionsFeature.routes), PAGE);
    expect(await screen.findByText('No such session')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the sessions' }).getAttribute('href')).toBe('/issuers/acme/sessions');
  });
});
