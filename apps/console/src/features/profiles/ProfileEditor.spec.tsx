import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { profilesFeature } from '.';
import {
  ACME_ADMIN,
  ACME_OFFERS,
  bodiesOf,
  editorText,
  KEY_ID,
  PLATFORM_ADMIN,
  PROFILE,
  setEditorText,
  signedInAs,
  supportRoutes,
  userEvent,
} from './test-support';
import type { ProfileBody } from './types';

const created = (body: ProfileBody) => ({
  status: 201,
  body: {
    ...body,
    id: undefined,
    profileId: body.id ?? 'generated',
    issuerId: 'acme',
    version: 1,
    status: 'ACTIVE',
    createdAt: '',
    updatedAt: '',
  },
});

function newProfileApi(answer: (body: ProfileBody) => { status: number; body?: unknown } = created) {
  return fakeApi({
    ...signedInAs(ACME_ADMIN),
    ...supportRoutes,
    'POST /api/v1/issuers/acme/profiles': (request) => answer(request.body as ProfileBody),
  });
}

// happy-dom lays nothing out, so Mantine's dropdowns stay display:none; their options are real all the same.
async function choose(label: string, option: RegExp) {
  await userEvent.click(await screen.findByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

const input = (label: string | RegExp) => screen.getByRole('textbox', { name: label }) as HTMLInputElement;

describe('create a profile', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('sends the form as the Profile body: configuration and key picked, data, status and webhook', async () => {
    const api = newProfileApi();
    const { router } = renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/new');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'Person ID');
    await userEvent.type(input('Profile id'), 'pid-1');
    await choose('Credential configuration', /^pid \(dc\+sd-jwt\)/);
    await choose('Signing key', /acme-signing/);
    // Only this issuer's keys are offered to an issuer-admin of acme.
    expect(screen.queryByRole('option', { name: /globex-signing/, hidden: true })).toBeNull();
    setEditorText('Credential data', '{"given_name": "Erika"}');
    setEditorText('Data functions (mapping)', '{"id": "<uuid>"}');
    await userEvent.type(input('Valid for'), '365d');
    await userEvent.click(screen.getByRole('switch', { name: /status list entry/ }));
    await userEvent.click(screen.getByRole('switch', { name: /webhook/ }));
    await userEvent.type(await screen.findByRole('textbox', { name: 'Webhook URL' }), 'https://backend.example/events');
    await userEvent.type(screen.getByLabelText('Bearer token'), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Create profile' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme/profiles/pid-1'));
    expect(bodiesOf(api.requests, 'POST', '/api/v1/issuers/acme/profiles')).toEqual([
      {
        id: 'pid-1',
        name: 'Person ID',
        credentialConfigurationId: 'pid',
        issuerKeyId: KEY_ID,
        credentialData: { given_name: 'Erika' },
        mapping: { id: '<uuid>' },
        validity: { validFor: '365d' },
        credentialStatus: { type: 'TokenStatusList' },
        notifications: { webhook: { url: 'https://backend.example/events', bearerToken: 's3cret' } },
      },
    ]);
  });

  it('shows a refusal at the fields and in the JSON tab, and keeps everything typed', async () => {
    const api = newProfileApi(() =>
      problem(400, 'Bad Request', [
        { path: 'name', message: 'too short' },
        { path: 'notifications.webhook.url', message: '10.0.0.1 is not an allowed outbound host' },
        { path: 'mapping.person', message: 'unknown data function "nope"' },
        { path: 'selectiveDisclosure.fields.x', message: 'not an SD field' },
      ]),
    );
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/new');
    await choose('Credential configuration', /^pid /);
    await choose('Signing key', /acme-signing/);
    setEditorText('Data functions (mapping)', '{"person": "<nope>"}');
    await userEvent.click(screen.getByRole('switch', { name: /webhook/ }));
    await userEvent.type(await screen.findByRole('textbox', { name: 'Webhook URL' }), 'http://10.0.0.1/hook');
    await userEvent.click(screen.getByRole('button', { name: 'Create profile' }));

    // At the fields that show them…
    const url = input('Webhook URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('10.0.0.1 is not an allowed outbound host')).toBeTruthy();
    expect(input('Name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('person: unknown data function "nope"')).toBeTruthy();
    // …every path in the JSON tab (also those without a form field), and the general message next to the button.
    const listed = within(screen.getByTestId('json-problems'));
    expect(listed.getByText('selectiveDisclosure.fields.x')).toBeTruthy();
    expect(listed.getByText('notifications.webhook.url')).toBeTruthy();
    expect(screen.getByText('Bad Request: see the fields marked in red')).toBeTruthy();

    // Nothing typed is lost.
    expect(url.value).toBe('http://10.0.0.1/hook');
    expect(JSON.parse(editorText('Data functions (mapping)'))).toEqual({ person: '<nope>' });
    expect(JSON.parse(editorText('Profile (JSON)'))).toMatchObject({ credentialConfigurationId: 'pid', mapping: { person: '<nope>' } });

    // Fixing the field clears its error; the next save sends the fixed body.
    await userEvent.clear(url);
    await userEvent.type(url, 'https://backend.example/events');
    expect(url.getAttribute('aria-invalid')).not.toBe('true');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('keeps form and JSON in sync both ways, and sends nothing while the JSON does not parse', async () => {
    const api = newProfileApi();
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/new');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'Synced');
    await choose('Credential configuration', /^mdl /);
    // Form → JSON.
    await waitFor(() =>
      expect(JSON.parse(editorText('Profile (JSON)'))).toMatchObject({ name: 'Synced', credentialConfigurationId: 'mdl' }),
    );

    // JSON → form: validity, a status list, a login method and claims, data.
    const edited = {
      ...JSON.parse(editorText('Profile (JSON)')),
      validity: { validFor: '30d', expectedUpdate: '7d' },
      credentialStatus: { type: 'TokenStatusList', purpose: 'suspension' },
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'corp' },
      idTokenClaimsMapping: { '$.given_name': '$.given_name' },
      credentialData: { 'org.iso.18013.5.1': { given_name: 'Erika' } },
    };
    setEditorText('Profile (JSON)', JSON.stringify(edited));
    await waitFor(() => expect(input('Valid for').value).toBe('30d'));
    expect(input('Expected update').value).toBe('7d');
    expect((screen.getByRole('switch', { name: /status list entry/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('combobox', { name: 'Purpose' }) as HTMLInputElement).value).toMatch(/suspension/);
    expect((screen.getByRole('combobox', { name: 'Identity provider' }) as HTMLInputElement).value).toBe('corp');
    expect(input('Login claim 1').value).toBe('$.given_name');
    expect(JSON.parse(editorText('Credential data'))).toEqual({ 'org.iso.18013.5.1': { given_name: 'Erika' } });

    // Form → JSON again, from the field the JSON just filled.
    await userEvent.clear(input('Valid for'));
    await userEvent.type(input('Valid for'), '12h');
    await waitFor(() => expect(JSON.parse(editorText('Profile (JSON)')).validity).toEqual({ validFor: '12h', expectedUpdate: '7d' }));

    // Broken JSON: kept as typed, the form waits, and saving sends nothing.
    setEditorText('Profile (JSON)', '{"name": "Synced", ');
    expect(await screen.findByText('The JSON does not parse')).toBeTruthy();
    // Disabled by the fieldset around the form (happy-dom does not apply :disabled through fieldsets).
    expect(input('Name').closest('fieldset[disabled]')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create profile' }));
    expect(await screen.findByText(/The JSON is not valid, so nothing was sent/)).toBeTruthy();
    expect(editorText('Profile (JSON)')).toBe('{"name": "Synced", ');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('sends nothing while a JSON member of the form does not parse, and keeps its text', async () => {
    const api = newProfileApi();
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/new');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'Half typed');
    setEditorText('Credential data', '{"given_name": ');
    await userEvent.click(screen.getByRole('button', { name: 'Create profile' }));
    expect(await screen.findByText(/Nothing was sent: credentialData is not valid JSON yet/)).toBeTruthy();
    expect(editorText('Credential data')).toBe('{"given_name": ');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('is not offered to a principal without issuer-admin on the issuer', async () => {
    fakeApi({ ...signedInAs(ACME_OFFERS), ...supportRoutes });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/new');
    expect(await screen.findByText(/needs the issuer-admin role on acme/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create profile' })).toBeNull();
  });
});

describe('edit a profile', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('sends the stored body back with the edits (the masked token as it came), as a new version', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      ...supportRoutes,
      'GET /api/v1/issuers/acme/profiles/pid-profile': () => ({ status: 200, body: PROFILE }),
      'PUT /api/v1/issuers/acme/profiles/pid-profile': (request) => ({
        status: 200,
        body: { ...PROFILE, ...(request.body as object), version: 3 },
      }),
    });
    const { router } = renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile/edit');
    const name = (await screen.findByRole('textbox', { name: 'Name' })) as HTMLInputElement;
    expect(name.value).toBe('Person identification');
    expect(screen.queryByRole('textbox', { name: 'Profile id' })).toBeNull();
    await userEvent.clear(name);
    await userEvent.type(name, 'PID v3');
    await userEvent.click(screen.getByRole('button', { name: 'Save as new version' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme/profiles/pid-profile'));
    const { profileId: _p, issuerId: _i, version: _v, status: _s, createdAt: _c, updatedAt: _u, ...stored } = PROFILE;
    expect(bodiesOf(api.requests, 'PUT', '/api/v1/issuers/acme/profiles/pid-profile')).toEqual([{ ...stored, name: 'PID v3' }]);
  });

  it('keeps the edits when the save is refused, and says why next to the button', async () => {
    const api = fakeApi({
      ...signedInAs(ACME_ADMIN),
      ...supportRoutes,
      'GET /api/v1/issuers/acme/profiles/pid-profile': () => ({ status: 200, body: PROFILE }),
      'PUT /api/v1/issuers/acme/profiles/pid-profile': () => problem(404, 'Not Found', [], 'active profile pid-profile not found'),
    });
    renderRoutes(profilesFeature.routes, '/issuers/acme/profiles/pid-profile/edit');
    const validFor = (await screen.findByRole('textbox', { name: 'Valid for' })) as HTMLInputElement;
    await userEvent.clear(validFor);
    await userEvent.type(validFor, '30d');
    await userEvent.click(screen.getByRole('button', { name: 'Save as new version' }));
    expect(await screen.findByText('active profile pid-profile not found')).toBeTruthy();
    expect(validFor.value).toBe('30d');
    expect(JSON.parse(editorText('Profile (JSON)')).validity).toEqual({ validFor: '30d' });
    expect(bodiesOf(api.requests, 'PUT', '/api/v1/issuers/acme/profiles/pid-profile')).toHaveLength(1);
  });
});
