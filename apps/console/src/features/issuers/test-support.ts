import { EditorView } from '@codemirror/view';
import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import type { RecordedRequest } from '../../testing/fake-api';
import type { Principal } from '../../auth/roles';
import type { Issuer } from './types';

// No delay between keystrokes: the forms re-render on each one, and a loaded machine makes that slow.
export const userEvent = userEventLib.setup({ delay: null });

export const PLATFORM_ADMIN: Principal = { type: 'admin-key', id: 'abcd1234', roles: ['platform-admin'], issuers: '*' };
export const ACME_ADMIN: Principal = { type: 'api-key', id: 'key-acme', roles: ['issuer-admin'], issuers: ['acme'] };
export const ACME_VIEWER: Principal = { type: 'api-key', id: 'key-view', roles: ['viewer'], issuers: ['acme'] };

/**
 * Signs the test in as `principal`: the stored API key the console finds at start, and the `/me` answer that
 * AuthProvider checks it with. Returns the routes to merge into fakeApi.
 */
export function signedInAs(principal: Principal) {
  sessionStorage.setItem('issuer-console.credential', JSON.stringify({ kind: 'api-key', key: `isk_${principal.id}` }));
  return { 'GET /api/v1/me': () => ({ status: 200, body: principal }) };
}

export const ACME: Issuer = {
  id: 'acme',
  display: [{ name: 'ACME Corp', locale: 'en', logo: { uri: 'https://acme.example/logo.png', alt_text: 'ACME' } }],
  credentialConfigurations: {
    pid: {
      format: 'dc+sd-jwt',
      vct: 'https://acme.example/pid',
      cryptographic_binding_methods_supported: ['jwk'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
      credential_metadata: {
        display: [{ name: 'ACME ID', locale: 'en', background_color: '#112233', text_color: '#eeeeee', description: 'Your ACME identity' }],
        claims: [{ path: ['given_name'], display: [{ name: 'First name', locale: 'en' }] }],
      },
    },
  },
  authorization: { requirePar: false, identityProviders: { corp: { issuer: 'https://idp.example', clientId: 'c', clientSecret: '***' } } },
  credentialIssuer: 'https://issuer.example/issuers/acme',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-02T00:00:00.000Z',
};

export const bodiesOf = (requests: RecordedRequest[], method: string, path: string) =>
  requests.filter((r) => r.method === method && r.path === path).map((r) => r.body as Record<string, unknown>);

/** The CodeMirror view of the issuer's JSON editor. */
export function jsonEditor(): EditorView {
  const wrapper = screen
    .getByText('IssuerConfig (JSON)', { selector: 'label' })
    .closest('.mantine-InputWrapper-root') as HTMLElement | null;
  const view = wrapper && EditorView.findFromDOM(wrapper);
  if (!view) throw new Error('no JSON editor');
  return view;
}

/** Replaces the editor's text as typing would (a transaction through the editor, so its onChange runs). */
export function setJsonText(text: string) {
  const view = jsonEditor();
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export const jsonText = () => jsonEditor().state.doc.toString();
