import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationRequestError, OAuth2Error } from '../errors/oauth2.error';
import {
  authorizationErrorRedirectFor,
  buildAuthorizationErrorRedirect,
  buildAuthorizationResponseRedirect,
} from './authorization-response';

const ISS = 'https://issuer.example/issuers/acme';

describe('authorization responses', () => {
  it('builds the success redirect with code, state and iss (RFC 9207)', () => {
    const location = buildAuthorizationResponseRedirect(
      { redirectUri: 'https://wallet.example/cb', state: 's 1&x' },
      { code: 'c-1', iss: ISS },
    );
    const url = new URL(location);
    assert.equal(url.origin + url.pathname, 'https://wallet.example/cb');
    assert.equal(url.searchParams.get('code'), 'c-1');
    assert.equal(url.searchParams.get('state'), 's 1&x');
    assert.equal(url.searchParams.get('iss'), ISS);
  });

  it('keeps the redirect URI query and custom schemes, and omits an absent state', () => {
    assert.equal(
      buildAuthorizationResponseRedirect({ redirectUri: 'https://w.example/cb?app=1' }, { code: 'c', iss: 'https://i' }),
      'https://w.example/cb?app=1&code=c&iss=https%3A%2F%2Fi',
    );
    assert.equal(
      buildAuthorizationResponseRedirect({ redirectUri: 'eudi-openid4ci://authorize' }, { code: 'c', iss: 'x' }),
      'eudi-openid4ci://authorize?code=c&iss=x',
    );
  });

  it('builds error redirects with a sanitised description, state and iss', () => {
    const location = buildAuthorizationErrorRedirect(
      { redirectUri: 'https://w.example/cb', state: 'st' },
      { error: 'access_denied', description: 'user said "no"', iss: ISS },
    );
    const params = new URL(location).searchParams;
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('error_description'), "user said 'no'");
    assert.equal(params.get('state'), 'st');
    assert.equal(params.get('iss'), ISS);
  });

  it('redirects only errors that carry a validated redirect URI', () => {
    const redirectable = new AuthorizationRequestError('invalid_scope', 'bad scope', { redirectUri: 'https://w.example/cb', state: 'st' });
    assert.equal(
      authorizationErrorRedirectFor(redirectable, ISS),
      `https://w.example/cb?error=invalid_scope&error_description=bad+scope&state=st&iss=${encodeURIComponent(ISS)}`,
    );
    assert.equal(authorizationErrorRedirectFor(new AuthorizationRequestError('invalid_request', 'no client'), ISS), undefined);
    assert.equal(authorizationErrorRedirectFor(new OAuth2Error('invalid_request', 'x'), ISS), undefined);
    assert.equal(authorizationErrorRedirectFor(new Error('x'), ISS), undefined);
  });
});
