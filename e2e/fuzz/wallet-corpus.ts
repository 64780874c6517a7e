import { formPairs } from './draft';
import { CONFIG_ID, PRE_AUTH_GRANT, type LiveResources } from './live-resources';
import { chance, int, pick, type Gen } from './mutator';
import { draftOf, type Template } from './template';

/**
 * Valid wallet requests for every wallet-facing endpoint this build serves (API.md §7 status lists, §8):
 * metadata, offers by reference, JWKS, type metadata, status lists, did:web documents, and the
 * token (pre-authorized code + tx_code), nonce and credential (fresh nonce, real ES256 proof) endpoints.
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
    token,
    nonce,
    credential,
  ];
}
