import { EditorView } from '@codemirror/view';
import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import type { Principal } from '../../auth/roles';
import type { RecordedRequest } from '../../testing/fake-api';
import type { IssuerSummary, Key, Profile } from './types';

// No delay between keystrokes: the forms re-render on each one, and a loaded machine makes that slow.
export const userEvent = userEventLib.setup({ delay: null });

export const PLATFORM_ADMIN: Principal = { type: 'admin-key', id: 'abcd1234', roles: ['platform-admin'], issuers: '*' };
export const ACME_ADMIN: Principal = { type: 'api-key', id: 'key-admin', roles: ['issuer-admin'], issuers: ['acme'] };
export const ACME_OFFERS: Principal = { type: 'api-key', id: 'key-offers', roles: ['offer-manager'], issuers: ['acme'] };
export const ACME_VIEWER: Principal = { type: 'api-key', id: 'key-view', roles: ['viewer'], issuers: ['acme'] };

/** Signs the test in as `principal` (the stored key the console finds at start, and its `/me`); routes for fakeApi. */
export function signedInAs(principal: Principal) {
  sessionStorage.setItem('issuer-console.credential', JSON.stringify({ kind: 'api-key', key: `isk_${principal.id}` }));
  return { 'GET /api/v1/me': () => ({ status: 200, body: principal }) };
}

export const KEY_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_KEY_ID = '22222222-2222-4222-8222-222222222222';

export const ACME: IssuerSummary = {
  id: 'acme',
  display: [{ name: 'ACME Corp', locale: 'en' }],
  credentialConfigurations: {
    pid: { format: 'dc+sd-jwt', vct: 'https://acme.example/pid' },
    mdl: { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' },
  },
  authorization: { identityProviders: { corp: { issuer: 'https://idp.example' } } },
};

export const KEYS: Key[] = [
  { keyId: KEY_ID, name: 'acme-signing', type: 'secp256r1', alg: 'ES256', issuerId: 'acme' },
  { keyId: OTHER_KEY_ID, name: 'globex-signing', type: 'ed25519', alg: 'EdDSA', issuerId: 'globex' },
];

export const PROFILE: Profile = {
  profileId: 'pid-profile',
  issuerId: 'acme',
  version: 2,
  status: 'ACTIVE',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-02T00:00:00.000Z',
  name: 'Person identification',
  credentialConfigurationId: 'pid',
  issuerKeyId: KEY_ID,
  credentialData: { given_name: 'Erika', address: { locality: 'Berlin' } },
  mapping: { id: '<uuid>' },
  validity: { validFor: '365d' },
  credentialStatus: { type: 'TokenStatusList' },
  notifications: { webhook: { url: 'https://backend.example/events', bearerToken: '***' } },
};

/** The routes every profile page reads besides its own: the issuer, keys, DIDs, certificates (empty). */
export const supportRoutes = {
  'GET /api/v1/issuers/acme': () => ({ status: 200, body: ACME }),
  'GET /api/v1/keys': () => ({ status: 200, body: { items: KEYS } }),
  'GET /api/v1/dids': () => ({ status: 200, body: { items: [] } }),
  'GET /api/v1/certificates': () => ({ status: 200, body: { items: [] } }),
};

export const bodiesOf = (requests: RecordedRequest[], method: string, path: string) =>
  requests.filter((r) => r.method === method && r.path === path).map((r) => r.body as Record<string, unknown>);

/** The CodeMirror view of the JSON editor labelled `label`. */
export function editorView(label: string): EditorView {
  const wrapper = screen.getByText(label, { selector: 'label' }).closest('.mantine-InputWrapper-root') as HTMLElement | null;
  const view = wrapper && EditorView.findFromDOM(wrapper);
  if (!view) throw new Error(`no JSON editor "${label}"`);
  return view;
}

/** Replaces an editor's text as typing would (a transaction through the editor, so that its onChange runs). */
export function setEditorText(label: string, text: string) {
  const view = editorView(label);
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export const editorText = (label: string) => editorView(label).state.doc.toString();
