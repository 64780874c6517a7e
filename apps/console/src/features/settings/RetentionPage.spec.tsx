import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { settingsFeature } from '.';
import { ACME_ADMIN, PLATFORM_ADMIN, signedInAs, userEvent } from './test-support';
import type { RetentionConfig, RetentionRun } from './types';

const CONFIG: RetentionConfig = { enabled: false, maxIssuerSessionAge: '30d', schedule: '0 3 * * *', dryRun: true, maxDeletePerRun: 500 };
const RUN: RetentionRun = {
  runId: 'run-1',
  dryRun: true,
  cutoff: '2030-01-01T00:00:00.000Z',
  matched: 3,
  deleted: 0,
  sessionIds: ['s-1', 's-2', 's-3'],
  startedAt: '2030-01-31T03:00:00.000Z',
  finishedAt: '2030-01-31T03:00:01.000Z',
  trigger: 'schedule',
  status: 'COMPLETED',
};

describe('RetentionPage', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('saves the settings as edited; a refusal names its field and keeps every value', async () => {
    let answer: { status: number; body?: unknown } = problem(400, 'Bad Request', [{ path: 'schedule', message: 'not a cron expression' }]);
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/retention': () => ({ status: 200, body: CONFIG }),
      'GET /api/v1/retention/runs': () => ({ status: 200, body: { items: [RUN] } }),
      'PUT /api/v1/retention': () => answer,
    });
    renderRoutes(settingsFeature.routes, '/retention');
    const age = await screen.findByLabelText('Maximum session age');
    await userEvent.clear(age);
    await userEvent.type(age, '90d');
    await userEvent.clear(screen.getByLabelText('Schedule'));
    await userEvent.type(screen.getByLabelText('Schedule'), 'every night');
    await userEvent.click(screen.getByRole('switch', { name: /Run on the schedule/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('not a cron expression')).toBeTruthy();
    expect((screen.getByLabelText('Schedule') as HTMLInputElement).value).toBe('every night');
    expect((screen.getByLabelText('Maximum session age') as HTMLInputElement).value).toBe('90d');
    expect((screen.getByRole('switch', { name: /Run on the schedule/ }) as HTMLInputElement).checked).toBe(true);
    expect(api.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      ...CONFIG,
      enabled: true,
      maxIssuerSessionAge: '90d',
      schedule: 'every night',
    });

    answer = { status: 200, body: { ...CONFIG, enabled: true, maxIssuerSessionAge: '90d', schedule: '30 2 * * *' } };
    await userEvent.clear(screen.getByLabelText('Schedule'));
    await userEvent.type(screen.getByLabelText('Schedule'), '30 2 * * *');
    await userEvent.type(screen.getByLabelText('Time zone'), 'Europe/Berlin');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(2));
    expect(api.requests.filter((r) => r.method === 'PUT')[1].body).toMatchObject({ schedule: '30 2 * * *', timezone: 'Europe/Berlin' });
    await waitFor(() => expect(screen.queryByText('not a cron expression')).toBeNull());
  });

  it('runs only after a confirmation; a real run warns that it deletes', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/retention': () => ({ status: 200, body: CONFIG }),
      'GET /api/v1/retention/runs': () => ({ status: 200, body: { items: [RUN] } }),
      'POST /api/v1/retention/runs': (r) => ({
        status: 200,
        body: { ...RUN, runId: 'run-2', dryRun: (r.body as { dryRun: boolean }).dryRun },
      }),
    });
    renderRoutes(settingsFeature.routes, '/retention');
    // The past run with what it found.
    const row = within(await screen.findByTestId('run-run-1'));
    expect(row.getByText('Dry run')).toBeTruthy();
    expect(row.getByText('scheduled')).toBeTruthy();
    expect(row.getByText('3')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Start dry run…' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Start dry run' }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ dryRun: true }]));

    await userEvent.click(screen.getByRole('radio', { name: 'Delete for real' }));
    await userEvent.click(screen.getByRole('button', { name: 'Run and delete…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete old sessions now?' }));
    expect(dialog.getByText(/Up to 500 sessions older than 30d are deleted/)).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Run and delete…' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete sessions' }));
    await waitFor(() =>
      expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ dryRun: true }, { dryRun: false }]),
    );
  });

  it('is for platform administrators only: hidden from the navigation of others, and the page asks nothing', async () => {
    expect(settingsFeature.nav.find((n) => n.to === '/retention')!.visible(ACME_ADMIN)).toBe(false);
    expect(settingsFeature.nav.find((n) => n.to === '/retention')!.visible(PLATFORM_ADMIN)).toBe(true);
    const api = fakeApi({ ...signedInAs(ACME_ADMIN) });
    renderRoutes(settingsFeature.routes, '/retention');
    expect(await screen.findByText('Not available to you')).toBeTruthy();
    expect(api.requests.filter((r) => r.path.startsWith('/api/v1/retention'))).toEqual([]);
  });
});
