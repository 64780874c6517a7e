import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderElement } from '../../testing/render';
import { DashboardPage } from './DashboardPage';
import type { Stats } from './dashboard-api';
import { ACME_VIEWER, PLATFORM_ADMIN, signedInAs, userEvent } from './test-support';

const STATS: Stats = {
  from: '2026-05-01T00:00:00.000Z',
  to: '2026-05-30T12:00:00.000Z',
  days: 30,
  issuedPerDay: [
    { date: '2026-05-02', format: 'dc+sd-jwt', count: 5 },
    { date: '2026-05-03', format: 'mso_mdoc', count: 2 },
  ],
  sessions: { SUCCESSFUL: 6, UNSUCCESSFUL: 1, REJECTED_BY_USER: 0, EXPIRED: 1, ACTIVE: 3 },
  webhooks: { pending: 4, failed: 2, delivered: 17 },
};
const ISSUERS = { items: [{ id: 'acme', display: [{ name: 'ACME Corp' }] }, { id: 'globex' }] };

describe('DashboardPage', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows issuance, session outcomes and the webhook backlog for every issuer in scope over 30 days', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/issuers': () => ({ status: 200, body: ISSUERS }),
      'GET /api/v1/stats': () => ({ status: 200, body: STATS }),
    });
    renderElement(<DashboardPage />);
    expect(await screen.findByTestId('issued-total')).toHaveProperty('textContent', '7 in 30 days · 2 formats');
    // 6 of 8 ended sessions (the 3 open ones have no outcome yet).
    expect(screen.getByTestId('success-rate').textContent).toBe('75 %');
    expect(within(screen.getByTestId('sessions-ACTIVE')).getByText('3')).toBeTruthy();
    expect(within(screen.getByTestId('sessions-UNSUCCESSFUL')).getByText('Failed')).toBeTruthy();
    expect(within(screen.getByTestId('webhooks-pending')).getByText('4')).toBeTruthy();
    expect(within(screen.getByTestId('webhooks-failed')).getByText('2')).toBeTruthy();
    expect(within(screen.getByTestId('webhooks-delivered')).getByText('17')).toBeTruthy();
    expect(api.requests.filter((r) => r.path.startsWith('/api/v1/stats')).map((r) => r.path)).toEqual(['/api/v1/stats?days=30']);
  });

  it('asks for one issuer and another period when they are chosen', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/issuers': () => ({ status: 200, body: ISSUERS }),
      'GET /api/v1/stats': () => ({ status: 200, body: STATS }),
    });
    renderElement(<DashboardPage />);
    await screen.findByTestId('issued-total');
    await userEvent.click(screen.getByRole('combobox', { name: 'Issuer' }));
    await userEvent.click(await screen.findByRole('option', { name: 'ACME Corp (acme)', hidden: true }));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/stats?issuerId=acme&days=30')).toBe(true));
    await userEvent.click(screen.getByRole('radio', { name: '7 days' }));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/stats?issuerId=acme&days=7')).toBe(true));
  });

  it('says so when the notifications service could not count deliveries, and when nothing happened yet', async () => {
    fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/issuers': () => ({ status: 200, body: ISSUERS }),
      'GET /api/v1/stats': () => ({
        status: 200,
        body: {
          ...STATS,
          issuedPerDay: [],
          webhooks: null,
          sessions: { SUCCESSFUL: 0, UNSUCCESSFUL: 0, REJECTED_BY_USER: 0, EXPIRED: 0, ACTIVE: 0 },
        },
      }),
    });
    renderElement(<DashboardPage />);
    expect(await screen.findByText('Delivery counts unavailable')).toBeTruthy();
    expect(screen.getByText(/No credential was issued in this period/)).toBeTruthy();
    expect(screen.getByText('No session was started in this period.')).toBeTruthy();
    expect(screen.getByTestId('success-rate').textContent).toBe('—');
  });

  it('shows the error where the charts would be', async () => {
    fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/issuers': () => ({ status: 200, body: ISSUERS }),
      'GET /api/v1/stats': () => problem(503, 'Service Unavailable', [], 'the database is not reachable'),
    });
    renderElement(<DashboardPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('the database is not reachable');
  });

  it('guides a fresh install to its first issuer; a viewer is told whom to ask instead', async () => {
    fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }),
      'GET /api/v1/stats': () => ({ status: 200, body: STATS }),
    });
    const first = renderElement(<DashboardPage />);
    const create = await screen.findByRole('link', { name: 'Create your first issuer' });
    expect(create.getAttribute('href')).toBe('/issuers/new');
    expect(screen.getByRole('link', { name: 'Retention' })).toBeTruthy();
    first.unmount();

    sessionStorage.clear();
    fakeApi({ ...signedInAs(ACME_VIEWER), 'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }) });
    renderElement(<DashboardPage />);
    expect(await screen.findByText('No issuer to show yet')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('link', { name: 'Keys' })).toBeTruthy());
    expect(screen.queryByRole('link', { name: 'Create your first issuer' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Retention' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'New issuer' })).toBeNull();
  });
});
