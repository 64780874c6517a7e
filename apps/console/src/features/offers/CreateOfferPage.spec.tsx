import { EditorView } from '@codemirror/view';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { offersFeature } from '.';
import { signedInRoutes, signIn } from '../sessions/test-fixtures';
import { bodyOf, ME, offerAnswer, PROFILE } from './test-fixtures';

// No delay between keystrokes: the forms re-render on each one, and a loaded machine makes that slow.
const userEvent = userEventLib.setup({ delay: null });

const OFFERS = '/api/v1/issuers/acme/profiles/identity/offers';
const PAGE = '/issuers/acme/profiles/identity/offers/new';

/** The CodeMirror view of the JSON editor labelled `label` (the label belongs to the editor's input wrapper). */
function editor(label: string): EditorView {
  const wrapper = screen.getByText(label, { selector: 'label' }).closest('.mantine-InputWrapper-root') as HTMLElement | null;
  const view = wrapper && EditorView.findFromDOM(wrapper);
  if (!view) throw new Error(`no editor ${label}`);
  return view;
}

/** Replaces the editor's text, as typing would (a transaction through the editor, so its onChange runs). */
function setEditorText(label: string, text: string) {
  const view = editor(label);
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

function api(
  answer: (body: Record<string, unknown>) => { status: number; body?: unknown } = (body) => ({ status: 201, body: offerAnswer(body) }),
) {
  return fakeApi({
    'GET /api/v1/me': () => ({ status: 200, body: ME }),
    'GET /api/v1/issuers/acme/profiles/identity': () => ({ status: 200, body: PROFILE }),
    [`POST ${OFFERS}`]: (request) => answer(request.body as Record<string, unknown>),
  });
}

describe('create an offer', { timeout: 30_000 }, () => {
  beforeEach(() => signIn());
  afterEach(() => sessionStorage.clear());

  it('sends what was filled in and shows the QR code, the link, the tx code and the way to the session', async () => {
    const fake = api();
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await screen.findByRole('form', { name: 'Create an offer' });

    await userEvent.clear(screen.getByLabelText('Expires in (seconds)'));
    await userEvent.type(screen.getByLabelText('Expires in (seconds)'), '900');
    await userEvent.clear(screen.getByLabelText('Length'));
    await userEvent.type(screen.getByLabelText('Length'), '4');
    await userEvent.type(screen.getByLabelText('Description'), 'The PIN from your letter');
    await userEvent.type(screen.getByLabelText('Fixed code'), '4711');
    await userEvent.type(screen.getByLabelText('Session id'), 'case-42');
    setEditorText('Credential data', '{"address": {"locality": "Hamburg"}}');
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));

    const qr = await screen.findByTestId('offer-qr');
    expect(bodyOf(fake.requests, 'POST', OFFERS)).toEqual([
      {
        authMethod: 'PRE_AUTHORIZED',
        valueMode: 'BY_REFERENCE',
        expiresInSeconds: 900,
        txCode: { input_mode: 'numeric', length: 4, description: 'The PIN from your letter' },
        txCodeValue: '4711',
        runtimeOverrides: { credentialData: { address: { locality: 'Hamburg' } } },
        sessionId: 'case-42',
      },
    ]);
    expect(qr.tagName.toLowerCase()).toBe('svg');
    expect(qr.querySelector('path')?.getAttribute('d')).toMatch(/^M4 4h1v1h-1z/); // finder pattern after the quiet zone
    expect(screen.getByTestId('offer-link').textContent).toBe(offerAnswer({}).credentialOffer);
    expect(screen.getByRole('link', { name: 'Open in a wallet on this device' }).getAttribute('href')).toMatch(
      /^openid-credential-offer:\/\//,
    );
    expect(screen.getByTestId('offer-tx-code').textContent).toBe('4711');
    expect(screen.getByRole('link', { name: 'Open session' }).getAttribute('href')).toBe('/issuers/acme/sessions/case-42');

    // Another offer starts from the same settings.
    await userEvent.click(screen.getByRole('button', { name: 'Create another offer' }));
    expect((screen.getByLabelText('Session id') as HTMLInputElement).value).toBe('case-42');
    expect((screen.getByLabelText('Fixed code') as HTMLInputElement).value).toBe('4711');
  });

  it('sends no tx_code for an authorization code offer, and -1 for an offer that never expires', async () => {
    const fake = api();
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await userEvent.click(await screen.findByRole('radio', { name: 'Authorization code (the holder logs in)' }));
    expect(screen.queryByLabelText('Fixed code')).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: 'By value' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Never expires' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));
    await screen.findByTestId('offer-qr');
    expect(bodyOf(fake.requests, 'POST', OFFERS)).toEqual([{ authMethod: 'AUTHORIZED', valueMode: 'BY_VALUE', expiresInSeconds: -1 }]);
    expect(screen.queryByTestId('offer-tx-code')).toBeNull();
    expect(screen.getByText('never')).toBeTruthy();
  });

  it('checks a fixed tx code against the input mode and length before sending anything', async () => {
    const fake = api();
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    const code = await screen.findByLabelText('Fixed code');
    await userEvent.type(code, '12ab');
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));
    expect(await screen.findByText('Digits only (input mode numeric)')).toBeTruthy();
    expect(code.getAttribute('aria-invalid')).toBe('true');

    await userEvent.click(screen.getByRole('radio', { name: 'Text' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));
    expect(await screen.findByText('Must have 6 characters (the length above)')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Session id'), 'not valid!');
    setEditorText('Credential data', '[1, 2]');
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));
    expect(await screen.findByText('1–128 characters: letters, digits, "_" and "-"')).toBeTruthy();
    expect(screen.getByText('Must be a JSON object ({ … })')).toBeTruthy();
    expect(bodyOf(fake.requests, 'POST', OFFERS)).toEqual([]);

    await userEvent.clear(screen.getByLabelText('Length'));
    await userEvent.clear(screen.getByLabelText('Session id'));
    setEditorText('Credential data', '{}');
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));
    await screen.findByTestId('offer-qr');
    expect(bodyOf(fake.requests, 'POST', OFFERS)).toEqual([
      {
        authMethod: 'PRE_AUTHORIZED',
        valueMode: 'BY_REFERENCE',
        expiresInSeconds: 300,
        txCode: { input_mode: 'text' },
        txCodeValue: '12ab',
      },
    ]);
  });

  it('shows the API refusal at the fields it names and keeps every value', async () => {
    api(() =>
      problem(400, 'Bad Request', [
        { path: 'sessionId', message: 'a session with this id exists' },
        { path: 'runtimeOverrides.credentialData.address', message: 'must be an object' },
        { path: 'runtimeOverrides.validity.validFor', message: 'not a duration' },
      ]),
    );
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await userEvent.type(await screen.findByLabelText('Session id'), 'case-1');
    setEditorText('Credential data', '{"address": "Hamburg"}');
    setEditorText('Other overrides', '{"validity": {"validFor": "soon"}}');
    await userEvent.click(screen.getByRole('button', { name: 'Create offer' }));

    expect(await screen.findByText('a session with this id exists')).toBeTruthy();
    expect(screen.getByLabelText('Session id').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('address: must be an object')).toBeTruthy();
    expect(screen.getByText('validity.validFor: not a duration')).toBeTruthy();
    expect(within(screen.getByRole('alert')).getByText(/see the fields marked in red/)).toBeTruthy();
    expect((screen.getByLabelText('Session id') as HTMLInputElement).value).toBe('case-1');
    expect(editor('Credential data').state.doc.toString()).toBe('{"address": "Hamburg"}');
    expect(screen.queryByTestId('offer-qr')).toBeNull();
  });

  it('says where a refusal without fields happened', async () => {
    api(() => problem(403, 'Forbidden', [], 'offer-manager is needed on issuer acme'));
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await userEvent.click(await screen.findByRole('button', { name: 'Create offer' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('offer-manager is needed on issuer acme'));
  });

  it('tells someone without the offer-manager role why there is no form', async () => {
    fakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: { ...ME, roles: ['offer-manager'], issuers: ['other'] } }),
      'GET /api/v1/issuers/acme/profiles/identity': () => ({ status: 200, body: PROFILE }),
    });
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    expect(await screen.findByText('Offers need the offer-manager role')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Create an offer' })).toBeNull();
  });
});
