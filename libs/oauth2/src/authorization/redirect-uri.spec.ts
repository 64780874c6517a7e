import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRedirectUri } from './redirect-uri';

describe('checkRedirectUri', () => {
  it('with registered URIs accepts only an exact match', () => {
    const policy = { redirectUris: ['https://wallet.example/cb', 'eudi-openid4ci://authorize'] };
    assert.deepEqual(checkRedirectUri('https://wallet.example/cb', policy), { ok: true, redirectUri: 'https://wallet.example/cb' });
    assert.ok(checkRedirectUri('eudi-openid4ci://authorize', policy).ok);
    for (const uri of [
      'https://wallet.example/cb/',
      'https://WALLET.example/cb',
      'https://wallet.example/cb?x=1',
      'https://evil.example/cb',
    ]) {
      assert.equal(checkRedirectUri(uri, policy).ok, false, uri);
    }
  });

  it('without registered URIs accepts https, custom schemes and loopback http', () => {
    for (const uri of [
      'https://wallet.example/cb?keep=1',
      'eudi-openid4ci://authorize',
      'com.example.wallet:/oauth2redirect',
      'http://127.0.0.1:8123/cb',
      'http://[::1]:8123/cb',
      'http://localhost:3000/cb',
    ]) {
      assert.deepEqual(checkRedirectUri(uri), { ok: true, redirectUri: uri }, uri);
    }
  });

  it('refuses http to other hosts, fragments, relative URIs, user info and script-like schemes', () => {
    for (const uri of [
      'http://wallet.example/cb',
      'http://127.0.0.1.evil.example/cb',
      'https://wallet.example/cb#frag',
      'https://wallet.example/cb#',
      '/cb',
      'wallet.example/cb',
      'https://user:pw@wallet.example/cb',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'vbscript:x',
      `https://wallet.example/${'a'.repeat(2100)}`,
    ]) {
      assert.equal(checkRedirectUri(uri).ok, false, uri);
    }
  });

  it('lets the redirect URI be omitted only when exactly one is registered', () => {
    assert.deepEqual(checkRedirectUri(undefined, { redirectUris: ['https://w/cb'] }), { ok: true, redirectUri: 'https://w/cb' });
    assert.equal(checkRedirectUri(undefined, { redirectUris: ['https://w/a', 'https://w/b'] }).ok, false);
    assert.equal(checkRedirectUri(undefined).ok, false);
  });
});
