import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/roles';
import { fakeApi } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { issuersFeature } from '.';
import { ACME, ACME_ADMIN, ACME_VIEWER, PLATFORM_ADMIN, signedInAs } from './test-support';

import type { Issuer } from './types';

function show(principal: Principal, items: Issuer[]) {
  fakeApi({ ...signedInAs(principal), 'GET /api/v1/issuers': () => ({ status: 200, body: { items } }) });
  return renderRoutes(issuersFeature.routes, '/issuers');
}

describe('issuers list', () => {
  beforeEach(() => sessionStorage.clear());

  it('lists id, display name, number of credential configurations and the links of each issuer', async () => {
    show(PLATFORM_ADMIN, [ACME, { ...ACME, id: 'beta', display: undefined, credentialConfigurations: {} }]);
    const row = (await screen.findByRole('link', { name: 'acme' })).closest('tr')!;
    expect(within(row).getByText('ACME Corp')).toBeTruthy();
    expect(within(row).getByLabelText('1 credential configurations')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Profiles of acme' }).getAttribute('href')).toBe('/issuers/acme/profiles');
    expect(within(row).getByRole('link', { name: 'Sessions of acme' }).getAttribute('href')).toBe('/issuers/acme/sessions');
    expect(within(row).getByRole('link', { name: 'Edit acme' }).getAttribute('href')).toBe('/issuers/acme/edit');
    expect(screen.getByRole('link', { name: 'beta' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New issuer' }).getAttribute('href')).toBe('/issuers/new');
  });

  it('empty: tells who may create one to create the first issuer, with the button', async () => {
    show(PLATFORM_ADMIN, []);
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByText(/Create your first issuer/)).toBeTruthy();
    expect(within(empty).getByRole('link', { name: 'New issuer' })).toBeTruthy();
  });

  it('hides creating and editing from a viewer, and says whom to ask', async () => {
    show(ACME_VIEWER, []);
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByText(/Ask a platform administrator to create your first issuer/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'New issuer' })).toBeNull();
  });

  it('hides the button from a scoped issuer-admin whose ids are all taken, and lets it edit its issuer', async () => {
    show(ACME_ADMIN, [ACME]);
    await screen.findByRole('link', { name: 'acme' });
    expect(screen.queryByRole('link', { name: 'New issuer' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Edit acme' })).toBeTruthy();
  });

  it('shows a scoped issuer-admin the button while one of its ids is free', async () => {
    show({ ...ACME_ADMIN, issuers: ['acme', 'beta'] }, [ACME]);
    await screen.findByRole('link', { name: 'acme' });
    expect(screen.getByRole('link', { name: 'New issuer' })).toBeTruthy();
  });

  it('links the viewer to an issuer without the edit link', async () => {
    show(ACME_VIEWER, [ACME]);
    await screen.findByRole('link', { name: 'acme' });
    expect(screen.queryByRole('link', { name: 'Edit acme' })).toBeNull();
  });
});
