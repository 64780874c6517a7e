import { formPairs } from './draft';
import { CONFIG_ID, PRE_AUTH_GRANT, type LiveResources } from './live-resources';
import { chance, int, pick, type Gen } from './mutator';
import { draftOf, type Template } from './template';

/**
 * Valid wallet requests for the wallet-facing endpoints (API.md §7 status lists, §8, §11, §12): metadata, offers by
 * reference, JWKS, type metadata, status lists, did:web documents, the token (pre-authorized code + tx_code), nonce and
 * credential (fresh nonce, real ES256 proof) endpoints, deferred credential polls, notifications, and the authorization
 * code flow up to the login: pushed authorization request, `/authorize`, the PASSWORD login form and its post. The
 * logins answered outside the issuer (`/request`, `/direct_post`, `/idp-callback`) are in `wallet-login-corpus.ts`.
 */
function get(name: string, path: (live: LiveResources, g: Gen) => string, weight = 1, headers?: (g: Gen) => [string, string][]): Template {
  const template: Template = {
    name,
    area: 'wallet',
    weight,
    build: async (live, g) => draftOf(live, template, 'GET', path(live, g), { headers: headers?.(g) }),
  };
  return template;
}

const metadataAccept = (g: Gen): [string, string][] =>
  chance(g, 0.3) ? [['Accept', pick(g, ['application/jwt', 'application/json', '*/*'])]] : [];

const token: Template = {
  name: 'POST /issuers/{issuerId}/token',
  area: 'wallet',
  weight: 6,
  async build(live, g) {
    const offer = await live.freshOffer();
    const form = formPairs({ grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': offer.code, tx_code: offer.txCode });
    if (chance(g, 0.2))
      form.push(
        ...formPairs({ authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: CONFIG_ID }]) }),
      );
    return draftOf(live, token, 'POST', `/issuers/${live.mainIssuer}/token`, { form });
  },
};

const nonce: Template = {
  name: 'POST /issuers/{issuerId}/nonce',
  area: 'wallet',
  weight: 2,
  build: async (live) => draftOf(live, nonce, 'POST', `/issuers/${live.mainIssuer}/nonce`),
};

const credential: Template = {
  name: 'POST /issuers/{issuerId}/credential',
  area: 'wallet',
  weight: 8,
  async build(live, g) {
    const accessToken = await live.accessToken(chance(g, 0.05));
    const nonceValue = await live.freshNonce();
    const { body, slot } = await live.credentialBody(nonceValue, int(g, 0, 3), chance(g, 0.2) ? 2 : 1);
    const draft = draftOf(live, credential, 'POST', `/issuers/${live.mainIssuer}/credential`, {
      json: body,
      headers: [['Authorization', `Bearer ${accessToken}`]],
    });
    draft.jwt = slot;
    // The credential endpoint ignores unknown members (API.md §8) but needs an object.
    draft.strict = false;
    return draft;
  },
};

/** Polls a pending deferred transaction with its access token: `202` while pending (OpenID4VCI 1.0 §9.2). */
const deferredCredential: Template = {
  name: 'POST /issuers/{issuerId}/deferred_credential',
  area: 'wallet',
  weight: 2,
  async build(live) {
    const { accessToken, transactionId } = await live.deferredTransaction();
    const draft = draftOf(live, deferredCredential, 'POST', `/issuers/${live.mainIssuer}/deferred_credential`, {
      json: { transaction_id: transactionId },
      headers: [['Authorization', `Bearer ${accessToken}`]],
    });
    draft.strict = false;
    return draft;
  },
};

/** Reports what happened to an issued credential (OpenID4VCI 1.0 §11): `204`. */
const notification: Template = {
  name: 'POST /issuers/{issuerId}/notification',
  area: 'wallet',
  weight: 2,
  async build(live, g) {
    const { accessToken, notificationId } = await live.issuedCredential();
    const event = pick(g, ['credential_accepted', 'credential_failure', 'credential_deleted']);
    const draft = draftOf(live, notification, 'POST', `/issuers/${live.mainIssuer}/notification`, {
      json: { notification_id: notificationId, event, ...(chance(g, 0.5) ? { event_description: 'fuzz: stored in the wallet' } : {}) },
      headers: [['Authorization', `Bearer ${accessToken}`]],
    });
    draft.strict = false;
    return draft;
  },
};

/** A pushed authorization request (RFC 9126) for an AUTHORIZED offer: `201 {request_uri, expires_in}`. */
const par: Template = {
  name: 'POST /issuers/{issuerId}/par',
  area: 'wallet',
  weight: 3,
  async build(live, g) {
    const form = await live.authorizationRequest(chance(g, 0.3));
    return draftOf(live, par, 'POST', `/issuers/${live.mainIssuer}/par`, { form });
  },
};

/** `/authorize` with the request_uri of a pushed request: `302` to the login form. */
const authorize: Template = {
  name: 'GET /issuers/{issuerId}/authorize',
  area: 'wallet',
  weight: 2,
  redirects: true,
  build: async (live, g) => draftOf(live, authorize, 'GET', await live.authorizeTarget(chance(g, 0.3))),
};

/** The PASSWORD login form of a pending login (HTML). */
const loginForm: Template = {
  name: 'GET /issuers/{issuerId}/login/{loginId}',
  area: 'wallet',
  weight: 1,
  build: async (live, g) =>
    draftOf(live, loginForm, 'GET', await live.pendingLogin(), { headers: chance(g, 0.7) ? [['Accept', 'text/html']] : [] }),
};

/**
 * The fuzz user's answer to the login form: `302` to the wallet with a code. The platform throttles login posts per
 * address (30 in 10 minutes), so after the first ones even valid posts get the form again with `429`.
 */
const loginPost: Template = {
  name: 'POST /issuers/{issuerId}/login/{loginId}',
  area: 'wallet',
  weight: 1,
  redirects: true,
  async build(live) {
    const path = await live.pendingLogin();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(await live.page(path))?.[1];
    if (!csrf) throw new Error(`GET ${path}: no csrf_token in the login form`);
    const form = formPairs({ action: 'login', username: live.loginUser.username, password: live.loginUser.password, csrf_token: csrf });
    return draftOf(live, loginPost, 'POST', path, { form, headers: [['Accept', 'text/html']] });
  },
};

export function walletTemplates(): Template[] {
  return [
    get('GET /issuers/{issuerId}/offers/{offerId}', (live, g) => `/issuers/${live.mainIssuer}/offers/${pick(g, live.referenceOffers)}`, 2),
    get(
      'GET /.well-known/openid-credential-issuer/issuers/{issuerId}',
      (live) => `/.well-known/openid-credential-issuer/issuers/${live.mainIssuer}`,
      1,
      metadataAccept,
    ),
    get(
      'GET /issuers/{issuerId}/.well-known/openid-credential-issuer',
      (live) => `/issuers/${live.mainIssuer}/.well-known/openid-credential-issuer`,
      1,
      metadataAccept,
    ),
    get(
      'GET /.well-known/oauth-authorization-server/issuers/{issuerId}',
      (live) => `/.well-known/oauth-authorization-server/issuers/${live.mainIssuer}`,
    ),
    get(
      'GET /issuers/{issuerId}/.well-known/oauth-authorization-server',
      (live) => `/issuers/${live.mainIssuer}/.well-known/oauth-authorization-server`,
    ),
    get('GET /.well-known/jwt-vc-issuer/issuers/{issuerId}', (live) => `/.well-known/jwt-vc-issuer/issuers/${live.mainIssuer}`),
    get('GET /issuers/{issuerId}/.well-known/jwt-vc-issuer', (live) => `/issuers/${live.mainIssuer}/.well-known/jwt-vc-issuer`),
    get('GET /issuers/{issuerId}/jwks', (live) => `/issuers/${live.mainIssuer}/jwks`),
    get('GET /issuers/{issuerId}/types/{configId}', (live) => `/issuers/${live.mainIssuer}/types/${CONFIG_ID}`),
    get('GET /status-lists/{listId}', (live, g) => `/status-lists/${pick(g, live.statusListIds)}`, 2),
    get('GET /dids/{path}/did.json', (live) => `/dids/${live.didWebPath}/did.json`),
    get('GET /.well-known/did.json', () => '/.well-known/did.json'),
    token,
    nonce,
    credential,
    deferredCredential,
    notification,
    par,
    authorize,
    loginForm,
    loginPost,
  ];
}
