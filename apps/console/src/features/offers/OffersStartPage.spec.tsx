import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/roles';
import { fakeApi } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { signedInRoutes, signIn } from '../sessions/test-fixtures';
import { offersFeature } from '.';
import { ME, PROFILE } from './test-fixtures';

describe('the offers entry page', { timeout: 30_000 }, () => {
  beforeEach(() => signIn());
  afterEach(() => sessionStorage.clear());

  it('chooses the only issuer and its only active profile, and leads to the offer form and the batch page', async () => {
    fakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: ME }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [{ id: 'acme', display: [{ name: 'ACME' }] }] } }),
      'GET /api/v1/issuers/acme/profiles': () => ({
        status: 200,
        body: { items: [PROFILE, { ...PROFILE, profileId: 'old', name: 'Old', status: 'INACTIVE' }] },
      }),
    });
    renderRoutes(signedInRoutes(offersFeature.routes), '/offers');
    expect((await screen.findByRole('link', { name: 'Create an offer' })).getAttribute('href')).toBe(
      '/issuers/acme/profiles/identity/offers/new',
    );
    expect(screen.getByRole('link', { name: 'Batch from a CSV file' }).getAttribute('href')).toBe(
      '/issuers/acme/profiles/identity/offers/batch',
    );
    expect((screen.getByRole('combobox', { name: 'Issuer' }) as HTMLInputElement).value).toBe('ACME (acme)');
  });

  it('says what to do when there is no issuer yet', async () => {
    fakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: ME }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }),
    });
    renderRoutes(signedInRoutes(offersFeature.routes), '/offers');
    expect(await screen.findByText('No issuer yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to issuers' }).getAttribute('href')).toBe('/issuers');
  });

  it('is in the navigation only for offer managers', () => {
    const as = (roles: string[]) => ({ type: 'api-key', id: 'k', roles, issuers: ['acme'] }) as Principal;
    expect(offersFeature.nav[0].visible(as(['offer-manager']))).toBe(true);
    expect(offersFeature.nav[0].visible(as(['issuer-admin']))).toBe(true);
    expect(offersFeature.nav[0].visible(as(['viewer', 'status-manager']))).toBe(false);
  });
});
