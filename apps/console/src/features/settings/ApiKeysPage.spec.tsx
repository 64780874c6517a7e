import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { settingsFeature } from '.';
import { ACME_ADMIN, PLATFORM_ADMIN, signedInAs, userEvent } from './test-support';
import type { ApiKey } from './types';

const KEY: ApiKey = {
  apiKeyId: '44444444-4444-4444-8444-444444444444',
  name: 'CI pipeline',
  keyPrefix: 'isk_AbCd',
  roles: ['offer-manager'],
  issuers: ['acme'],
  createdBy: { type: 'admin-key', id: 'abcd1234' },
  createdAt: '2030-01-01T00:00:00.000Z',
  expiresAt: null,
};

describe('ApiKeysPage', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('creates a key and shows it once, with a copy button and a warning', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/api-keys': () => ({ status: 200, body: { items: [KEY] } }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [{ id: 'acme' }] } }),
      'POST /api/v1/api-keys': () => ({ status: 201, body: { ...KEY, name: 'Support desk', key: 'isk_secretsecretsecret' } }),
    });
    renderRoutes(settingsFeature.routes, '/api-keys');
    expect(within(await screen.findByTestId(`api-key-${KEY.apiKeyId}`)).getByText('CI pipeline')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    await userEvent.type(screen.getByLabelText(/^Name/), 'Support desk');
    await userEvent.click(screen.getByRole('combobox', { name: /^Roles/ }));
    await userEvent.click(await screen.findByRole('option', { name: /^status-manager/, hidden: true }));
    await userEvent.type(screen.getByRole('combobox', { name: /^Issuers/ }), 'acme{enter}globex{enter}');
    await userEvent.type(screen.getByLabelText(/^Expires/), '2031-06-30T12:00');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect((await screen.findByTestId('new-api-key')).textContent).toBe('isk_secretsecretsecret');
    expect(screen.getByText('Copy the key now')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Support desk',
      roles: ['status-manager'],
      issuers: ['acme', 'globex'],
      expiresAt: new Date('2031-06-30T12:00').toISOString(),
    });
    await userEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    await waitFor(() => expect(screen.queryByTestId('new-api-key')).toBeNull());
  });

  it('shows a refusal at its field and keeps the form; every issuer is sent as ["*"]', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/api-keys': () => ({ status: 200, body: { items: [] } }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }),
      'POST /api/v1/api-keys': () => problem(400, 'Bad Request', [{ path: 'expiresAt', message: 'must be in the future' }]),
    });
    renderRoutes(settingsFeature.routes, '/api-keys');
    expect(await screen.findByText('No API keys yet')).toBeTruthy();
    await userEvent.click(screen.getAllByRole('button', { name: 'Create API key' })[0]);
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('choose at least one role')).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    await userEvent.type(screen.getByLabelText(/^Name/), 'Ops');
    await userEvent.click(screen.getByRole('combobox', { name: /^Roles/ }));
    await userEvent.click(await screen.findByRole('option', { name: /^platform-admin/, hidden: true }));
    await userEvent.click(screen.getByRole('switch', { name: /Every issuer/ }));
    await userEvent.type(screen.getByLabelText(/^Expires/), '2001-01-01T00:00');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('must be in the future')).toBeTruthy();
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('Ops');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ name: 'Ops', roles: ['platform-admin'], issuers: ['*'] });
  });

  it('revokes only after a confirmation', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/api-keys': () => ({ status: 200, body: { items: [KEY] } }),
      [`DELETE /api/v1/api-keys/${KEY.apiKeyId}`]: () => ({ status: 204 }),
    });
    renderRoutes(settingsFeature.routes, '/api-keys');
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke CI pipeline' }));
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'DELETE')).toBe(true));
  });

  it('is hidden from an issuer-admin', async () => {
    expect(settingsFeature.nav.find((n) => n.to === '/api-keys')!.visible(ACME_ADMIN)).toBe(false);
    const api = fakeApi({ ...signedInAs(ACME_ADMIN) });
    renderRoutes(settingsFeature.routes, '/api-keys');
    expect(await screen.findByText('Not available to you')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create API key' })).toBeNull();
    expect(api.requests.filter((r) => r.path.startsWith('/api/v1/api-keys'))).toEqual([]);
  });
});
