import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { profilesFeature } from '.';
import {
  ACME,
  ACME_ADMIN,
  ACME_OFFERS,
  ACME_VIEWER,
  bodiesOf,
  PLATFORM_ADMIN,
  PROFILE,
  setEditorText,
  signedInAs,
  supportRoutes,
  userEvent,
} from './test-support';
import type { ProfilePreview } from './types';

const PROFILE_PATH = '/api/v1/issuers/acme/profiles/pid-profile';
const listRoutes = (items = [PROFILE]) => ({
  ...supportRoutes,
  'GET /api/v1/issuers/acme/profiles': () => ({ status: 200, body: { items } }),
});

describe('profiles of an issuer', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('lists name, configuration, format, status, version and login, with the actions an issuer-admin has', async () => {
    fakeApi({
      ...signedInAs(ACME_ADMIN),
      ...listRoutes([PROFILE, { ...PROFILE, profileId: 'old', name: 'Old', status: 'INACTIVE', authentication: { method: 'PASSWORD' } }]),
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles');
    const table = await screen.findByTestId('profiles-table');
    const [, active, inactive] = within(table).getAllByRole('row');
    expect(within(active!).getByRole('link', { name: 'Person identification' }).getAttribute('href')).toBe(
      '/issuers/acme/profiles/pid-profile',
    );
    expect(active!.textContent).toMatch(/pid.*dc\+sd-jwt.*ACTIVE.*2.*None/);
    expect(inactive!.textContent).toMatch(/INACTIVE.*PASSWORD/);
    expect(screen.getByRole('link', { name: 'New profile' }).getAttribute('href')).toBe('/issuers/acme/profiles/new');
    expect(within(active!).getByRole('link', { name: 'Edit Person identification' })).toBeTruthy();
    expect(within(active!).getByRole('link', { name: 'Create offer from Person identification' }).getAttribute('href')).toBe(
      '/issuers/acme/profiles/pid-profile/offers/new',
    );
    // A deactivated profile makes no offers and is not edited.
    expect(within(inactive!).queryByRole('link', { name: /Create offer|Edit/ })).toBeNull();
  });

  it('shows an offer-manager the offer action only, and a viewer no action at all', async () => {
    fakeApi({ ...signedInAs(ACME_OFFERS), ...listRoutes() });
    const first = renderRoutes(profilesFeature.routes, '/issuers/acme/profiles');
    await screen.findByTestId('profiles-table');
    expect(screen.getByRole('link', { name: 'Create offer from Person identification' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Edit Person identification' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'New profile' })).toBeNull();
    first.unmount();

    sessionStorage.clear();
    fakeApi({ ...signedInAs(ACME_VIEWER), ...listRoutes() });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles');
    await screen.findByTestId('profiles-table');
    expect(screen.queryByRole('link', { name: /Create offer|Edit|New profile/ })).toBeNull();
  });

  it('says what to do when there is no profile yet', async () => {
    fakeApi({ ...signedInAs(ACME_ADMIN), ...listRoutes([]) });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles');
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByText(/Create a profile to start issuing/)).toBeTruthy();
    expect(within(empty).getByRole('link', { name: 'New profile' }).getAttribute('href')).toBe('/issuers/acme/profiles/new');
  });

  it('lists the profiles of every issuer in scope at /profiles, and narrows to the issuer picked', async () => {
    const globex = { ...ACME, id: 'globex', display: [{ name: 'Globex' }] };
    fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      ...listRoutes(),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [ACME, globex] } }),
      'GET /api/v1/issuers/globex/profiles': () => ({
        status: 200,
        body: { items: [{ ...PROFILE, issuerId: 'globex', profileId: 'badge', name: 'Badge' }] },
      }),
    });
    const { router } = renderRoutes(profilesFeature.routes, '/profiles');
    expect(await screen.findByRole('link', { name: 'Badge' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Person identification' })).toBeTruthy();
    await userEvent.click(screen.getByRole('combobox', { name: 'Issuer' }));
    await userEvent.click(await screen.findByRole('option', { name: /Globex/, hidden: true }));
    await waitFor(() => expect(router.state.location.search).toBe('?issuer=globex'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Person identification' })).toBeNull());
    expect(screen.getByRole('link', { name: 'New profile' }).getAttribute('href')).toBe('/issuers/globex/profiles/new');
  });
});

describe('a profile', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  const profileRoutes = {
    ...supportRoutes,
    [`GET ${PROFILE_PATH}`]: () => ({ status: 200, body: PROFILE }),
  };

  it('shows a viewer the summary and versions, without offer, edit, deactivate or preview', async () => {
    fakeApi({ ...signedInAs(ACME_VIEWER), ...profileRoutes });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile');
    const settings = await screen.findByTestId('profile-settings');
    expect(settings.textContent).toMatch(/TokenStatusList · revocation/);
    expect(settings.textContent).toMatch(/https:\/\/backend\.example\/events \(with a bearer token\)/);
    expect(screen.getByRole('tab', { name: 'Versions' })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: 'Data preview' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Create offer' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Deactivate' })).toBeNull();
  });

  it('deactivates only after the confirmation', async () => {
    let deleted = 0;
    const api = fakeApi({
      ...signedInAs(ACME_ADMIN),
      ...profileRoutes,
      [`GET ${PROFILE_PATH}`]: () => ({ status: 200, body: deleted ? { ...PROFILE, status: 'INACTIVE' } : PROFILE }),
      [`DELETE ${PROFILE_PATH}`]: () => {
        deleted++;
        return { status: 204 };
      },
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile');
    expect((await screen.findByRole('link', { name: 'Create offer' })).getAttribute('href')).toBe(
      '/issuers/acme/profiles/pid-profile/offers/new',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate profile Person identification?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Deactivate' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate profile' }));
    await waitFor(() => expect(deleted).toBe(1));
    // The page follows: deactivated, no more offers or edits.
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Create offer' })).toBeNull());
    expect(screen.getByText(/version 2 · deactivated/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Deactivate' })).toBeNull();
  });

  it('shows the refusal of a deactivation in the dialog', async () => {
    fakeApi({
      ...signedInAs(ACME_ADMIN),
      ...profileRoutes,
      [`DELETE ${PROFILE_PATH}`]: () => problem(403, 'Forbidden', [], 'requires issuer-admin on acme'),
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile');
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate profile' }));
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByText('requires issuer-admin on acme')).toBeTruthy();
  });

  it('lists the versions and shows what one changed from the version before', async () => {
    const { profileId: _p, issuerId: _i, version: _v, status: _s, createdAt: _c, updatedAt: _u, ...body } = PROFILE;
    const version = (n: number, change: object) => ({
      ...body,
      ...change,
      profileId: 'pid-profile',
      issuerId: 'acme',
      version: n,
      createdAt: '2030-01-01T00:00:00Z',
      current: n === 2,
    });
    fakeApi({
      ...signedInAs(ACME_VIEWER),
      ...profileRoutes,
      [`GET ${PROFILE_PATH}/versions`]: () => ({
        status: 200,
        body: {
          items: [
            {
              version: 2,
              name: 'Person identification',
              credentialConfigurationId: 'pid',
              createdAt: '2030-01-02T00:00:00Z',
              current: true,
            },
            { version: 1, name: 'PID draft', credentialConfigurationId: 'pid', createdAt: '2030-01-01T00:00:00Z', current: false },
          ],
        },
      }),
      [`GET ${PROFILE_PATH}/versions/2`]: () => ({ status: 200, body: version(2, {}) }),
      [`GET ${PROFILE_PATH}/versions/1`]: () => ({
        status: 200,
        body: version(1, {
          name: 'PID draft',
          credentialData: { given_name: 'Erika', address: { locality: 'Bonn' } },
          validity: undefined,
        }),
      }),
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile?tab=versions');
    const table = await screen.findByTestId('versions-table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('current')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'View version 2' }));
    const changes = await screen.findByTestId('version-changes');
    expect(changes.textContent).toMatch(/changedname/);
    expect(changes.textContent).toMatch(/changedcredentialData\.address\.locality/);
    expect(changes.textContent).toMatch(/addedvalidity/);
  });

  it('previews the credential data with typed overrides, labelling the example values and what would fail', async () => {
    const answer: ProfilePreview = {
      profileId: 'pid-profile',
      version: 2,
      previewedAt: '2030-01-03T00:00:00Z',
      credentialData: { given_name: 'Max', holder: 'did:example:holder' },
      jwtClaims: { jti: 'urn:uuid:1' },
      placeholders: [
        {
          target: 'credentialData',
          path: ['holder'],
          function: '<subjectDid>',
          kind: 'holder',
          value: 'did:example:holder',
          reason: "the holder's DID, known at the credential request",
        },
      ],
      warnings: [{ path: ['given_name'], message: 'Replaced at login by the login claim $.given_name' }],
    };
    const api = fakeApi({
      ...signedInAs(ACME_OFFERS),
      ...profileRoutes,
      [`POST ${PROFILE_PATH}/preview`]: (request) =>
        (request.body as { credentialData?: object }).credentialData
          ? { status: 200, body: answer }
          : {
              status: 200,
              body: {
                ...answer,
                failure: {
                  message: 'mapping issuer: no issuerDid in the signing context',
                  errors: [{ path: 'mapping.issuer', message: 'no issuerDid' }],
                },
              },
            },
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile?tab=preview');
    await userEvent.click(await screen.findByRole('button', { name: 'Preview credential data' }));
    expect(await screen.findByText('A credential request would be refused')).toBeTruthy();
    expect(screen.getByText('mapping.issuer')).toBeTruthy();

    setEditorText('Credential data of an offer (optional)', '{"given_name": "Max"}');
    await userEvent.click(screen.getByRole('button', { name: 'Preview credential data' }));
    const examples = await screen.findByTestId('preview-placeholders');
    expect(within(examples).getByText('Example values')).toBeTruthy();
    expect(within(examples).getByText('<subjectDid>')).toBeTruthy();
    expect(within(examples).getAllByText('did:example:holder').length).toBeGreaterThan(0);
    expect(within(screen.getByTestId('preview-warnings')).getByText(/login claim \$\.given_name/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('A credential request would be refused')).toBeNull());
    expect(screen.getByLabelText('Previewed JWT claims').textContent).toContain('urn:uuid:1');
    expect(bodiesOf(api.requests, 'POST', `${PROFILE_PATH}/preview`)).toEqual([{}, { credentialData: { given_name: 'Max' } }]);

    // Text that is not JSON is not sent.
    setEditorText('Credential data of an offer (optional)', '{"given_name": ');
    await userEvent.click(screen.getByRole('button', { name: 'Preview credential data' }));
    expect(await screen.findByText(/Not valid JSON/)).toBeTruthy();
    expect(bodiesOf(api.requests, 'POST', `${PROFILE_PATH}/preview`)).toHaveLength(2);
  });
});
