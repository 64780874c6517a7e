import type { LiveLogins } from './live-logins';
import { chance, int, pick } from './mutator';
import { draftOf, type Template } from './template';

/**
 * Valid requests of the wallet endpoints of logins answered outside the issuer (API.md §11): the request object of
 * an ID token login (`/request/{requestId}`), the wallet's self-issued ID token posted to `/direct_post`, and the
 * external identity provider's redirect back to `/idp-callback` with a real code and state. The last two are
 * single-use: every case starts a fresh login. Without a provider the platform can use, `/idp-callback` is left out
 * (`LiveLogins.idpUnavailable` says why).
 */
export function walletLoginTemplates(logins: LiveLogins): Template[] {
  /** The signed request object (RFC 9101) a pending ID token login serves the wallet: `200 application/oauth-authz-req+jwt`. */
  const requestObject: Template = {
    name: 'GET /issuers/{issuerId}/request/{requestId}',
    area: 'wallet',
    weight: 2,
    build: async (live, g) =>
      draftOf(live, requestObject, 'GET', await logins.pendingRequest(), {
        headers: chance(g, 0.5) ? [['Accept', pick(g, ['application/oauth-authz-req+jwt', 'application/jwt', '*/*'])]] : [],
      }),
  };

  /** The wallet's answer (SIOPv2, OpenID4VP 1.0 `direct_post`): `200 {redirect_uri}` with the code for the wallet. */
  const directPost: Template = {
    name: 'POST /issuers/{issuerId}/direct_post',
    area: 'wallet',
    weight: 3,
    async build(live, g) {
      const { form, slot } = await logins.walletResponse(int(g, 0, 1));
      const draft = draftOf(live, directPost, 'POST', `/issuers/${live.mainIssuer}/direct_post`, { form });
      draft.jwt = slot;
      return draft;
    },
  };

  /** The provider's redirect back after the subject logged in there: `302` to the wallet with a code. */
  const idpCallback: Template = {
    name: 'GET /issuers/{issuerId}/idp-callback',
    area: 'wallet',
    weight: 2,
    redirects: true,
    build: async (live, g) =>
      draftOf(live, idpCallback, 'GET', await logins.idpCallback(), { headers: chance(g, 0.5) ? [['Accept', 'text/html']] : [] }),
    validAnswer: (response) => {
      const location = response.headers['location'] ?? '';
      return /[?&]code=/.test(location) && !/[?&]error=/.test(location) ? undefined : `302 without a code: ${location.slice(0, 200)}`;
    },
  };

  return [requestObject, directPost, ...(logins.idpUnavailable ? [] : [idpCallback])];
}
