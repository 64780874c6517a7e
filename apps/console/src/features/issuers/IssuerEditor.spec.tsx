import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { issuersFeature } from '.';
import { ACME, ACME_ADMIN, bodiesOf, jsonText, PLATFORM_ADMIN, setJsonText, signedInAs, userEvent } from './test-support';
import type { IssuerConfig } from './types';

const created = (body: IssuerConfig) => ({
  status: 201,
  body: {
    ...body,
    credentialIssuer: `https://issuer.example/issuers/${body.id}`,
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
  },
});

function newIssuerApi(answer: (body: IssuerConfig) => { status: number; body?: unknown } = created) {
  return fakeApi({
    ...signedInAs(PLATFORM_ADMIN),
    'GET /api/v1/issuers': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/keys': () => ({ status: 200, body: { items: [] } }),
    'POST /api/v1/issuers': (request) => answer(request.body as IssuerConfig),
  });
}

// happy-dom lays nothing out, so Mantine's floating dropdowns take their targets for detached and stay display:none;
// their items are real buttons all the same, found with `hidden: true`.
async function chooseTemplate(name: RegExp) {
  await userEvent.click(screen.getByRole('button', { name: 'Add credential configuration' }));
  await userEvent.click(await screen.findByRole('menuitem', { name, hidden: true }));
}

/** Opens a Select and returns its list of options (each Select has its own). */
async function openSelect(name: string) {
  const input = screen.getByRole('combobox', { name });
  await userEvent.click(input);
  const list = await waitFor(
    () => document.getElementById(input.getAttribute('aria-controls') ?? '') ?? Promise.reject(new Error('closed')),
  );
  return within(list);
}

describe('create an issuer', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('sends the form as IssuerConfig, with a template as its credential configuration, and opens the new issuer', async () => {
    const api = newIssuerApi();
    const { router } = renderRoutes(issuersFeature.routes, '/issuers/new');
    await userEvent.type(await screen.findByLabelText(/Issuer id/), 'acme');
    await userEvent.type(screen.getByRole('textbox', { name: 'Issuer name' }), 'ACME Corp');
    await userEvent.type(screen.getByLabelText('Logo URI'), 'https://acme.example/logo.png');
    await chooseTemplate(/SD-JWT VC/);
    // A switch's accessible name is its label followed by its description (Mantine wraps both in the label).
    await userEvent.click(screen.getByRole('switch', { name: /^Require DPoP Access tokens/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Create issuer' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme'));
    const [body] = bodiesOf(api.requests, 'POST', '/api/v1/issuers');
    expect(body).toEqual({
      id: 'acme',
      display: [{ name: 'ACME Corp', locale: 'en', logo: { uri: 'https://acme.example/logo.png' } }],
      credentialConfigurations: { identity_sd_jwt: expect.objectContaining({ format: 'dc+sd-jwt', scope: 'identity_sd_jwt' }) },
      authorization: { requireDpop: true },
    });
  });

  it('shows the refusal at the fields and in the JSON tab, and keeps everything typed', async () => {
    const api = newIssuerApi(() =>
      problem(400, 'Bad Request', [
        { path: 'id', message: 'must be a slug of 1-64 characters [a-z0-9-]' },
        { path: 'credentialConfigurations.identity_sd_jwt.credential_metadata.display.0.background_color', message: 'not a colour' },
        { path: 'credentialConfigurations.identity_sd_jwt.proof_types_supported', message: 'must name at least one proof type' },
      ]),
    );
    renderRoutes(issuersFeature.routes, '/issuers/new');
    await userEvent.type(await screen.findByLabelText(/Issuer id/), 'ACME!');
    await userEvent.type(screen.getByRole('textbox', { name: 'Issuer name' }), 'ACME Corp');
    await chooseTemplate(/SD-JWT VC/);
    await userEvent.click(screen.getByRole('button', { name: 'Create issuer' }));

    // At the fields that show them…
    const idField = await screen.findByLabelText(/Issuer id/);
    await waitFor(() => expect(idField.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('must be a slug of 1-64 characters [a-z0-9-]')).toBeTruthy();
    const card = screen.getByTestId('configuration-identity_sd_jwt');
    expect(within(card).getByText('not a colour')).toBeTruthy();
    // …a member without a form field under its configuration…
    expect(within(card).getByText(/must name at least one proof type/)).toBeTruthy();
    // …every path in the JSON tab, and the general message next to the button.
    expect(
      within(screen.getByTestId('json-problems')).getByText('credentialConfigurations.identity_sd_jwt.proof_types_supported'),
    ).toBeTruthy();
    expect(screen.getByText('Bad Request: see the fields marked in red')).toBeTruthy();

    // Nothing typed is lost.
    expect((idField as HTMLInputElement).value).toBe('ACME!');
    expect((screen.getByRole('textbox', { name: 'Issuer name' }) as HTMLInputElement).value).toBe('ACME Corp');
    expect(JSON.parse(jsonText()).credentialConfigurations.identity_sd_jwt.format).toBe('dc+sd-jwt');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('keeps form and JSON in sync both ways, and sends nothing while the JSON does not parse', async () => {
    const api = newIssuerApi();
    renderRoutes(issuersFeature.routes, '/issuers/new');
    await userEvent.type(await screen.findByLabelText(/Issuer id/), 'acme');
    await chooseTemplate(/mdoc mobile driving licence/);
    // Form → JSON.
    await waitFor(() => expect(JSON.parse(jsonText()).id).toBe('acme'));
    expect(JSON.parse(jsonText()).credentialConfigurations['org.iso.18013.5.1.mDL'].doctype).toBe('org.iso.18013.5.1.mDL');

    // JSON → form: a new display name and batch size, and the configuration removed from the JSON.
    const edited = {
      ...JSON.parse(jsonText()),
      display: [{ name: 'From JSON', locale: 'de' }],
      batchSize: 5,
      credentialConfigurations: {},
    };
    setJsonText(JSON.stringify(edited));
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Issuer name' }) as HTMLInputElement).value).toBe('From JSON'));
    expect((screen.getByLabelText('Locale') as HTMLInputElement).value).toBe('de');
    expect((screen.getByLabelText('Batch size') as HTMLInputElement).value).toBe('5');
    expect(screen.queryByTestId('configuration-org.iso.18013.5.1.mDL')).toBeNull();

    // Broken JSON: kept as typed, the form waits, and saving sends nothing.
    setJsonText('{"id": "acme", ');
    expect(await screen.findByText('The JSON does not parse')).toBeTruthy();
    // Disabled through the form's fieldset (happy-dom does not apply that to :disabled; browsers do).
    expect(screen.getByLabelText(/Issuer id/).closest('fieldset[disabled]')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create issuer' }));
    expect(await screen.findByText(/The JSON is not valid, so nothing was sent/)).toBeTruthy();
    expect(jsonText()).toBe('{"id": "acme", ');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('adds each template once under its own id, and a second copy under a numbered id', async () => {
    const api = newIssuerApi();
    renderRoutes(issuersFeature.routes, '/issuers/new');
    await userEvent.type(await screen.findByLabelText(/Issuer id/), 'acme');
    await userEvent.type(screen.getByRole('textbox', { name: 'Issuer name' }), 'ACME');
    await chooseTemplate(/SD-JWT VC/);
    await chooseTemplate(/mdoc mobile driving licence/);
    await chooseTemplate(/W3C VC as JWT/);
    await chooseTemplate(/SD-JWT VC/);
    await userEvent.click(screen.getByRole('button', { name: 'Create issuer' }));
    await waitFor(() => expect(bodiesOf(api.requests, 'POST', '/api/v1/issuers')).toHaveLength(1));
    const configurations = bodiesOf(api.requests, 'POST', '/api/v1/issuers')[0].credentialConfigurations as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(configurations)).toEqual([
      'identity_sd_jwt',
      'org.iso.18013.5.1.mDL',
      'UniversityDegree_jwt_vc_json',
      'identity_sd_jwt_2',
    ]);
    expect(configurations['org.iso.18013.5.1.mDL']).toMatchObject({ format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' });
    expect(configurations.UniversityDegree_jwt_vc_json).toMatchObject({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
    });
    expect(configurations.identity_sd_jwt_2).toMatchObject({ format: 'dc+sd-jwt', scope: 'identity_sd_jwt_2' });
  });

  it('offers a scoped issuer-admin only the ids of its scope not taken yet', async () => {
    fakeApi({
      ...signedInAs({ ...ACME_ADMIN, issuers: ['acme', 'beta'] }),
      'GET /api/v1/issuers': () => ({ status: 200, body: { items: [ACME] } }),
      'GET /api/v1/keys': () => ({ status: 200, body: { items: [] } }),
    });
    renderRoutes(issuersFeature.routes, '/issuers/new');
    const id = (await screen.findByLabelText(/Issuer id/)) as HTMLInputElement;
    expect(id.value).toBe('beta');
    expect(screen.getByText('One of your issuers: beta')).toBeTruthy();
  });
});

describe('edit an issuer', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  function editApi(answer: (body: IssuerConfig) => { status: number; body?: unknown }) {
    return fakeApi({
      ...signedInAs(ACME_ADMIN),
      'GET /api/v1/issuers/acme': () => ({ status: 200, body: ACME }),
      'GET /api/v1/keys': () => ({
        status: 200,
        body: {
          items: [
            {
              keyId: '11111111-1111-4111-8111-111111111111',
              name: 'acme-token',
              type: 'secp256r1',
              alg: 'ES256',
              backend: 'local',
              createdAt: '',
              issuerId: 'acme',
            },
            {
              keyId: '22222222-2222-4222-8222-222222222222',
              name: 'other',
              type: 'ed25519',
              alg: 'EdDSA',
              backend: 'local',
              createdAt: '',
              issuerId: 'other',
            },
          ],
        },
      }),
      'PUT /api/v1/issuers/acme': (request) => answer(request.body as IssuerConfig),
    });
  }

  it('sends the stored body back with the edits (masked secrets as they came), the id fixed, a key picked by name', async () => {
    const api = editApi((body) => ({ status: 200, body: { ...ACME, ...body } }));
    const { router } = renderRoutes(issuersFeature.routes, '/issuers/acme/edit');
    const id = (await screen.findByLabelText(/Issuer id/)) as HTMLInputElement;
    expect(id.value).toBe('acme');
    expect(id.disabled).toBe(true);
    const cardName = within(screen.getByTestId('configuration-pid')).getByLabelText(/Card name/);
    await userEvent.clear(cardName);
    await userEvent.type(cardName, 'ACME identity');

    const options = await openSelect('Token key');
    // Only this issuer's keys are offered (a platform-admin would see the platform's too; others' are refused).
    expect(options.queryByRole('option', { name: /other/, hidden: true })).toBeNull();
    await userEvent.click(options.getByRole('option', { name: /acme-token/, hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/issuers/acme'));
    const [body] = bodiesOf(api.requests, 'PUT', '/api/v1/issuers/acme');
    const { credentialIssuer: _c, createdAt: _a, updatedAt: _u, ...stored } = ACME;
    expect(body).toEqual({
      ...stored,
      tokenKeyId: '11111111-1111-4111-8111-111111111111',
      credentialConfigurations: {
        pid: {
          ...stored.credentialConfigurations.pid,
          credential_metadata: {
            ...stored.credentialConfigurations.pid.credential_metadata,
            display: [{ ...stored.credentialConfigurations.pid.credential_metadata!.display![0], name: 'ACME identity' }],
          },
        },
      },
    });
  });

  it('shows a refused key at its field and keeps the edits', async () => {
    editApi(() => problem(400, 'Bad Request', [{ path: 'tokenKeyId', message: 'key 1111 does not exist' }]));
    renderRoutes(issuersFeature.routes, '/issuers/acme/edit');
    await screen.findByTestId('configuration-pid');
    await userEvent.click((await openSelect('Token key')).getByRole('option', { name: /acme-token/, hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('key 1111 does not exist')).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Token key' }) as HTMLInputElement).value).toMatch(/acme-token/);
  });

  it('is read only for a viewer', async () => {
    fakeApi({
      ...signedInAs({ ...ACME_ADMIN, roles: ['viewer'] }),
      'GET /api/v1/issuers/acme': () => ({ status: 200, body: ACME }),
    });
    renderRoutes(issuersFeature.routes, '/issuers/acme/edit');
    expect(await screen.findByText('Read only')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });
});
