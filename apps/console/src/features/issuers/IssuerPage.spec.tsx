import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/roles';
import { fakeApi } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { issuersFeature } from '.';
import { ACME, ACME_ADMIN, ACME_VIEWER, signedInAs, userEvent } from './test-support';

import type { IssuerMetadata } from './types';

/** The metadata as the platform serves it for ACME: the configured display, and the defaults it adds. */
const METADATA: IssuerMetadata = {
  credential_issuer: 'https://issuer.example/issuers/acme',
  display: [
    { name: 'ACME Corp', locale: 'en' },
    { name: 'ACME AG', locale: 'de' },
  ],
  credential_configurations_supported: {
    pid: {
      format: 'dc+sd-jwt',
      vct: 'https://acme.example/pid',
      credential_metadata: {
        display: [
          { name: 'ACME ID', locale: 'en', background_color: '#112233', text_color: '#eeeeee', description: 'Your ACME identity' },
          { name: 'ACME Ausweis', locale: 'de', background_color: '#332211' },
        ],
        claims: [
          {
            path: ['given_name'],
            display: [
              { name: 'First name', locale: 'en' },
              { name: 'Vorname', locale: 'de' },
            ],
          },
          { path: ['address', 'locality'] },
        ],
      },
    },
    mdl: { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL', credential_metadata: {} },
  },
};

function show(principal: Principal, path = '/issuers/acme') {
  const api = fakeApi({
    ...signedInAs(principal),
    'GET /api/v1/issuers/acme': () => ({ status: 200, body: ACME }),
    'GET /api/v1/keys': () => ({ status: 200, body: { items: [] } }),
    'GET /.well-known/openid-credential-issuer/issuers/acme': () => ({ status: 200, body: METADATA }),
    'DELETE /api/v1/issuers/acme': () => ({ status: 204 }),
    'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }),
  });
  return { api, ...renderRoutes(issuersFeature.routes, path) };
}

describe('issuer page', () => {
  beforeEach(() => sessionStorage.clear());

  it('links the issuer’s profiles and sessions and offers editing and deleting to its issuer-admin', async () => {
    show(ACME_ADMIN);
    expect(await screen.findByRole('heading', { name: 'ACME Corp' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Profiles' }).getAttribute('href')).toBe('/issuers/acme/profiles');
    expect(screen.getByRole('link', { name: 'Sessions' }).getAttribute('href')).toBe('/issuers/acme/sessions');
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe('/issuers/acme/edit');
    expect(screen.getByRole('button', { name: 'Delete' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Login users' })).toBeTruthy();
    // The overview names the identity provider without its (masked) secret.
    expect(screen.getByText('corp')).toBeTruthy();
  });

  it('shows a viewer the issuer without edit, delete or the users tab', async () => {
    show(ACME_VIEWER);
    expect(await screen.findByRole('heading', { name: 'ACME Corp' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Login users' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Webhook secret' })).toBeTruthy();
  });

  it('deletes only after the id is typed, then returns to the list', async () => {
    const { api, router } = show(ACME_ADMIN);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete issuer acme?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete issuer' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await userEvent.type(within(dialog).getByLabelText('Type acme to confirm'), 'acm');
    expect(confirm.disabled).toBe(true);
    await userEvent.type(within(dialog).getByLabelText('Type acme to confirm'), 'e');
    await userEvent.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers'));
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/v1/issuers/acme']);
  });

  it('lists the credential configurations with format, type and binding methods', async () => {
    show(ACME_VIEWER, '/issuers/acme/configurations');
    const table = await screen.findByRole('table', { name: 'Credential configurations' });
    const row = within(table).getByText('pid').closest('tr')!;
    expect(within(row).getByText('dc+sd-jwt')).toBeTruthy();
    expect(within(row).getByText('https://acme.example/pid')).toBeTruthy();
    expect(within(row).getByText('jwk')).toBeTruthy();
  });

  it('previews each credential as a wallet card from the public metadata, in the chosen language', async () => {
    const { api } = show(ACME_VIEWER, '/issuers/acme/preview');
    const card = await screen.findByRole('group', { name: 'Wallet card: ACME ID' });
    expect(within(card).getByText('Your ACME identity')).toBeTruthy();
    expect(within(card).getByText('ACME Corp')).toBeTruthy();
    expect(card.style.backgroundColor).toBe('#112233');
    expect(card.style.color).toBe('#eeeeee');
    const pid = screen.getByTestId('preview-pid');
    expect(within(pid).getByText(/First name/)).toBeTruthy();
    // A claim without a label is shown by its path, as a wallet without labels would.
    expect(within(pid).getByText(/address › locality/)).toBeTruthy();
    // A configuration without display falls back to its id.
    expect(screen.getByRole('group', { name: 'Wallet card: mdl' })).toBeTruthy();
    // Fetched from the public endpoint, without the admin credential.
    const metadataRequest = api.requests.find((r) => r.path.startsWith('/.well-known/'))!;
    expect(metadataRequest.headers.authorization).toBeUndefined();

    const language = screen.getByRole('combobox', { name: 'Language' });
    await userEvent.click(language);
    // happy-dom lays nothing out, so the dropdown counts as detached and stays display:none: found with `hidden`.
    const options = await waitFor(
      () => document.getElementById(language.getAttribute('aria-controls') ?? '') ?? Promise.reject(new Error('closed')),
    );
    await userEvent.click(within(options).getByRole('option', { name: 'de', hidden: true }));
    const german = await screen.findByRole('group', { name: 'Wallet card: ACME Ausweis' });
    expect(german.style.backgroundColor).toBe('#332211');
    expect(within(screen.getByTestId('preview-pid')).getByText(/Vorname/)).toBeTruthy();
  });
});
