import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { keysFeature } from '.';
import {
  ACME_ADMIN,
  ACME_KEY,
  ACME_VIEWER,
  choose,
  ISSUERS,
  openSelect,
  PLATFORM_ADMIN,
  PLATFORM_KEY,
  signedInAs,
  userEvent,
} from './test-support';

const KEYS = { status: 200, body: { items: [ACME_KEY, PLATFORM_KEY] } };

describe('KeysPage', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('lists keys with type, backend, owner and status, and creates one for the chosen owner', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/keys': () => KEYS,
      'GET /api/v1/issuers': () => ISSUERS,
      'POST /api/v1/keys': (r) => ({ status: 201, body: { ...ACME_KEY, keyId: 'new', ...(r.body as object) } }),
    });
    renderRoutes(keysFeature.routes, '/keys');
    const row = within(await screen.findByTestId(`key-${PLATFORM_KEY.keyId}`));
    expect(row.getByText('platform-root')).toBeTruthy();
    expect(row.getByText('Platform')).toBeTruthy();
    expect(row.getByText('Active')).toBeTruthy();
    expect(within(screen.getByTestId(`key-${ACME_KEY.keyId}`)).getByText('acme')).toBeTruthy();
    expect(api.requests.some((r) => r.path === '/api/v1/keys?limit=500')).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await choose('Type', 'ed25519');
    await userEvent.type(screen.getByLabelText('Name'), 'Status lists');
    await choose('Owner', 'Issuer acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ type: 'ed25519', name: 'Status lists', issuerId: 'acme' }),
    );
  });

  it('shows refusals at the fields and keeps what was typed', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/keys': () => KEYS,
      'GET /api/v1/issuers': () => ISSUERS,
      'POST /api/v1/keys': () => problem(400, 'Bad Request', [{ path: 'backend', message: 'no backend "hsm" is configured' }]),
    });
    renderRoutes(keysFeature.routes, '/keys');
    await userEvent.click(await screen.findByRole('button', { name: 'Create key' }));
    const backend = screen.getByLabelText('Backend');
    await userEvent.clear(backend);
    await userEvent.type(backend, 'hsm');
    await userEvent.type(screen.getByLabelText('Name'), 'Mine');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('no backend "hsm" is configured')).toBeTruthy();
    expect((screen.getByLabelText('Backend') as HTMLInputElement).value).toBe('hsm');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Mine');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ type: 'secp256r1', backend: 'hsm', name: 'Mine' });
  });

  it('imports a private JWK: refuses text that is not JSON before sending, shows the API’s JWK errors at the field', async () => {
    const api = fakeApi({
      ...signedInAs(ACME_ADMIN),
      'GET /api/v1/keys': () => KEYS,
      'GET /api/v1/issuers': () => ISSUERS,
      'POST /api/v1/keys/import': () => problem(400, 'Bad Request', [{ path: 'jwk.d', message: 'is required for a private key' }]),
    });
    renderRoutes(keysFeature.routes, '/keys');
    await userEvent.click(await screen.findByRole('button', { name: 'Import key' }));
    const jwk = screen.getByLabelText('Private JWK');
    await userEvent.type(jwk, 'not json');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('is not valid JSON')).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    await userEvent.clear(jwk);
    await userEvent.click(jwk);
    await userEvent.paste('{"kty":"EC","crv":"P-256","x":"a","y":"b"}');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('d: is required for a private key')).toBeTruthy();
    // An issuer-admin's keys belong to its issuer: the platform is not offered.
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      jwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' },
      issuerId: 'acme',
    });
    expect((await openSelect('Owner')).queryByRole('option', { name: /Platform/, hidden: true })).toBeNull();
  });

  it('says clearly that a key in use was not deleted', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/keys': () => KEYS,
      'GET /api/v1/issuers': () => ISSUERS,
      [`DELETE /api/v1/keys/${ACME_KEY.keyId}`]: () =>
        problem(409, 'Conflict', [], `key ${ACME_KEY.keyId} is used by an issuer or an active profile`),
    });
    renderRoutes(keysFeature.routes, '/keys');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete key acme-signer' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Delete key' }));
    expect(await dialog.findByText('The key is still in use and was not deleted')).toBeTruthy();
    expect(dialog.getByText(/is used by an issuer or an active profile/)).toBeTruthy();
    expect(dialog.getByRole('link', { name: 'See what uses it' }).getAttribute('href')).toBe(`/keys/${ACME_KEY.keyId}`);
    expect((dialog.getByRole('button', { name: 'Delete key' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('disables after a confirmation, and offers to force it when the key is in use', async () => {
    let forced = false;
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/keys': () => KEYS,
      'GET /api/v1/issuers': () => ISSUERS,
      [`POST /api/v1/keys/${ACME_KEY.keyId}/disable`]: (r) => {
        forced = r.path.endsWith('?force=true');
        return forced
          ? { status: 200, body: { ...ACME_KEY, status: 'DISABLED' } }
          : problem(409, 'Conflict', [], 'key is used by an issuer');
      },
    });
    renderRoutes(keysFeature.routes, '/keys');
    await userEvent.click(await screen.findByRole('button', { name: 'Disable key acme-signer' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Disable key' }));
    expect(await dialog.findByText('The key is in use')).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Disable anyway' }));
    await waitFor(() => expect(forced).toBe(true));
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      `/api/v1/keys/${ACME_KEY.keyId}/disable`,
      `/api/v1/keys/${ACME_KEY.keyId}/disable?force=true`,
    ]);
  });

  it('enables a disabled key at once (no confirmation: nothing is lost)', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      'GET /api/v1/keys': () => ({ status: 200, body: { items: [{ ...ACME_KEY, status: 'DISABLED' }] } }),
      'GET /api/v1/issuers': () => ISSUERS,
      [`POST /api/v1/keys/${ACME_KEY.keyId}/enable`]: () => ({ status: 200, body: ACME_KEY }),
    });
    renderRoutes(keysFeature.routes, '/keys');
    expect(within(await screen.findByTestId(`key-${ACME_KEY.keyId}`)).getByText('Disabled')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Enable key acme-signer' }));
    await waitFor(() =>
      expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/api/v1/keys/${ACME_KEY.keyId}/enable`]),
    );
  });

  it('shows a viewer the keys without any way to change them, and an issuer-admin only its issuer’s', async () => {
    fakeApi({
      ...signedInAs(ACME_VIEWER),
      'GET /api/v1/keys': () => ({ status: 200, body: { items: [ACME_KEY] } }),
      'GET /api/v1/issuers': () => ISSUERS,
    });
    const viewer = renderRoutes(keysFeature.routes, '/keys');
    await screen.findByTestId(`key-${ACME_KEY.keyId}`);
    await waitFor(() => expect(screen.getByRole('link', { name: 'Usage of key acme-signer' })).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import key' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete key/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Disable key/ })).toBeNull();
    viewer.unmount();

    sessionStorage.clear();
    fakeApi({ ...signedInAs(ACME_ADMIN), 'GET /api/v1/keys': () => KEYS, 'GET /api/v1/issuers': () => ISSUERS });
    renderRoutes(keysFeature.routes, '/keys');
    expect(await screen.findByRole('button', { name: 'Delete key acme-signer' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete key platform-root' })).toBeNull();
  });

  it('shows what uses a key on its page', async () => {
    fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      [`GET /api/v1/keys/${ACME_KEY.keyId}`]: () => ({ status: 200, body: ACME_KEY }),
      [`GET /api/v1/keys/${ACME_KEY.keyId}/usage`]: () => ({
        status: 200,
        body: {
          keyId: ACME_KEY.keyId,
          inUse: true,
          issuers: [{ issuerId: 'acme', fields: ['tokenKeyId', 'statusListKeyId'] }],
          profiles: [
            { issuerId: 'acme', profileId: 'pid', status: 'ACTIVE' },
            { issuerId: 'acme', profileId: 'old', status: 'INACTIVE' },
          ],
          dids: ['did:jwk:abc'],
          statusLists: null,
          otherIssuers: 2,
        },
      }),
    });
    renderRoutes(keysFeature.routes, `/keys/${ACME_KEY.keyId}`);
    expect(await screen.findByText('In use')).toBeTruthy();
    expect(screen.getByText(/signs access tokens, status lists/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'acme / pid' }).getAttribute('href')).toBe('/issuers/acme/profiles/pid');
    expect(screen.getByText('inactive')).toBeTruthy();
    expect(screen.getByText('did:jwk:abc')).toBeTruthy();
    expect(screen.getByText('The status list service did not answer.')).toBeTruthy();
    expect(screen.getByText('Also used by 2 issuer(s) outside your scope.')).toBeTruthy();
  });
});
