import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../app/router';
import { fakeApi, problem } from '../testing/fake-api';
import { renderRoutes } from '../testing/render';

const ME = { type: 'api-key', id: 'key-1', roles: ['viewer'], issuers: ['acme'] };

describe('sign-in with an API key', () => {
  beforeEach(() => sessionStorage.clear());

  it('sends the key as a bearer token, keeps it for the tab only, and opens the page the visitor asked for', async () => {
    const api = fakeApi({
      'GET /console/config.json': () => ({ status: 200, body: {} }),
      'GET /api/v1/me': (r) => (r.headers.authorization === 'Bearer isk_good' ? { status: 200, body: ME } : problem(401, 'Unauthorized')),
    });
    const { router } = renderRoutes(consoleRoutes(), '/');
    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');

    await userEvent.type(screen.getByLabelText('API key'), 'isk_good');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByTestId('principal')).toBeTruthy();
    expect(sessionStorage.getItem('issuer-console.credential')).toContain('isk_good');
    expect(Object.values(localStorage).some((value) => value.includes('isk_good'))).toBe(false);
    expect(api.requests.some((r) => r.path === '/api/v1/me' && r.headers.authorization === 'Bearer isk_good')).toBe(true);
  });

  it('says a refused key is not valid, stores nothing and stays on the form', async () => {
    fakeApi({
      'GET /console/config.json': () => ({ status: 200, body: {} }),
      'GET /api/v1/me': () => problem(401, 'Unauthorized'),
    });
    const { router } = renderRoutes(consoleRoutes(), '/sign-in');
    await userEvent.type(await screen.findByLabelText('API key'), 'isk_revoked');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/not valid/)).toBeTruthy();
    expect(sessionStorage.getItem('issuer-console.credential')).toBeNull();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe('isk_revoked');
  });

  it('offers single sign-on only when the platform configures it', async () => {
    fakeApi({
      'GET /console/config.json': () => ({
        status: 200,
        body: { sso: { issuer: 'https://idp.example', clientId: 'console', scope: 'openid', name: 'Keycloak' } },
      }),
    });
    renderRoutes(consoleRoutes(), '/sign-in');
    expect(await screen.findByRole('button', { name: 'Sign in with Keycloak' })).toBeTruthy();
  });
});
