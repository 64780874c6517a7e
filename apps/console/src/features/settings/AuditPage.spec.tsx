import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { settingsFeature } from '.';
import { ACME_ADMIN, ACME_VIEWER, signedInAs, userEvent } from './test-support';
import type { AuditRecord } from './types';

const record = (n: number, over: Partial<AuditRecord> = {}): AuditRecord => ({
  auditId: String(n),
  at: '2030-01-01T00:00:00.000Z',
  actor: { type: 'api-key', id: 'key-acme' },
  action: 'profile.update',
  target: { type: 'profile', id: `p-${n}` },
  outcome: 'success',
  issuerId: 'acme',
  requestId: `req-${n}`,
  address: '127.0.0.1',
  ...over,
});

describe('AuditPage', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('filters by issuer, actor and time, and pages back with the cursor', async () => {
    const api = fakeApi({
      ...signedInAs(ACME_ADMIN),
      'GET /api/v1/audit': (r) =>
        r.path.includes('cursor=2')
          ? { status: 200, body: { items: [record(1, { outcome: 'denied', action: 'key.delete' })] } }
          : { status: 200, body: { items: [record(3), record(2)], nextCursor: '2' } },
    });
    renderRoutes(settingsFeature.routes, '/audit');
    expect(await screen.findByTestId('audit-3')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Load older records' }));
    expect(await screen.findByText('key.delete')).toBeTruthy();
    expect(screen.getByText('denied')).toBeTruthy();
    expect(screen.getByText(/3 record\(s\)/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Issuer'), 'acme');
    await userEvent.type(screen.getByLabelText(/^Actor/), 'key-acme');
    await userEvent.type(screen.getByLabelText('Since'), '2030-01-01T10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    const since = encodeURIComponent(new Date('2030-01-01T10:00').toISOString());
    await waitFor(() =>
      expect(api.requests.map((r) => r.path)).toContain(`/api/v1/audit?issuerId=acme&actor=key-acme&since=${since}&limit=50`),
    );
    expect(api.requests.map((r) => r.path)).toContain('/api/v1/audit?limit=50&cursor=2');
  });

  it('is shown to issuer-admins, not to viewers', async () => {
    const audit = settingsFeature.nav.find((n) => n.to === '/audit')!;
    expect(audit.visible(ACME_ADMIN)).toBe(true);
    expect(audit.visible(ACME_VIEWER)).toBe(false);
    const api = fakeApi({ ...signedInAs(ACME_VIEWER) });
    renderRoutes(settingsFeature.routes, '/audit');
    expect(await screen.findByText('Not available to you')).toBeTruthy();
    expect(api.requests.filter((r) => r.path.startsWith('/api/v1/audit'))).toEqual([]);
  });
});
