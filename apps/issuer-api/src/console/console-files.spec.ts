import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConsoleFiles } from './console-files';
import { consoleCsp, withNonce } from './console-page';
import { loadConsoleSettings } from './console.settings';

describe('ConsoleFiles', () => {
  it('serves files of the build and nothing outside its assets folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<meta name="csp-nonce" content="__CSP_NONCE__">');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.json'), '{}');
    const files = new ConsoleFiles(dir);
    assert.equal((await files.asset('index-abc.js'))?.contentType, 'text/javascript; charset=utf-8');
    assert.equal(await files.asset('../secret.json'), undefined);
    assert.equal(await files.asset('..%2fsecret.json'), undefined);
    assert.equal(await files.asset('.hidden.js'), undefined);
    assert.equal(await files.asset('index-abc.exe'), undefined);
    assert.equal(await files.asset('missing.js'), undefined);
    assert.match(withNonce((await files.indexHtml())!, 'n0nce'), /content="n0nce"/);
  });

  it('answers undefined for an index that is not built yet, finds it once it is, and follows rebuilds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'console-'));
    const files = new ConsoleFiles(dir);
    assert.equal(await files.indexHtml(), undefined);
    await writeFile(join(dir, 'index.html'), 'built');
    assert.equal(await files.indexHtml(), 'built');
    // A rebuild replaces it: the next page load gets the new one without a restart.
    await writeFile(join(dir, 'index.html.new'), 'rebuilt');
    await utimes(join(dir, 'index.html.new'), new Date(), new Date(Date.now() + 5000));
    await rename(join(dir, 'index.html.new'), join(dir, 'index.html'));
    assert.equal(await files.indexHtml(), 'rebuilt');
  });
});

const PUBLIC = 'https://wallets.example';

describe('console policy and settings', () => {
  it('allows scripts from itself only and styles with the answer nonce', () => {
    const csp = consoleCsp('abc', ['https://idp.example']);
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /style-src 'self' 'nonce-abc'/);
    assert.match(csp, /connect-src 'self' https:\/\/idp\.example/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  it('offers single sign-on to the page only with a console client id, asking for the admin API as resource', () => {
    const oidc = {
      issuer: 'https://idp.example/realms/acme',
      audience: 'https://issuer.example/admin-api',
      rolesClaim: ['roles'],
      issuersClaim: ['issuers'],
    };
    assert.deepEqual(loadConsoleSettings(PUBLIC, oidc, {}).client, { publicUrl: PUBLIC });
    const settings = loadConsoleSettings(PUBLIC, oidc, { ADMIN_OIDC_CONSOLE_CLIENT_ID: 'console', ADMIN_OIDC_CONSOLE_NAME: 'Keycloak' });
    assert.equal(settings.client.publicUrl, PUBLIC);
    assert.deepEqual(settings.client.sso, {
      issuer: 'https://idp.example/realms/acme',
      clientId: 'console',
      scope: 'openid profile',
      resource: 'https://issuer.example/admin-api',
      name: 'Keycloak',
    });
    assert.deepEqual(settings.connectOrigins, ['https://wallets.example', 'https://idp.example']);
    assert.equal(loadConsoleSettings(PUBLIC, undefined, { ADMIN_OIDC_CONSOLE_CLIENT_ID: 'console' }).client.sso, undefined);
    assert.equal(loadConsoleSettings(PUBLIC, undefined, { CONSOLE_ENABLED: 'false' }).enabled, false);
  });
});
