import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, ofKind, render, RELEASE } from './render-chart';

interface Path {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name: string } } };
}

const WALLET_PATHS = ['/issuers', '/.well-known', '/status-lists', '/dids'];

describe('helm chart: ingress', () => {
  it('renders no Ingress by default', () => {
    assert.equal(ofKind(render('default'), 'Ingress').length, 0);
  });

  it('routes exactly the wallet-facing paths to issuer-api on the public host, and /api and /console only on the admin host', () => {
    const manifests = render('external');
    const wallet = named(manifests, 'Ingress', fullName('issuer-api'));
    const admin = named(manifests, 'Ingress', `${fullName('issuer-api')}-admin`);
    assert.equal(wallet.spec.rules.length, 1);
    assert.equal(wallet.spec.rules[0].host, 'issuer.example.com');
    const paths = wallet.spec.rules[0].http.paths as Path[];
    assert.deepEqual(
      paths.map((p) => p.path),
      WALLET_PATHS,
    );
    assert.equal(admin.spec.rules[0].host, 'issuer-admin.example.com');
    assert.deepEqual(
      (admin.spec.rules[0].http.paths as Path[]).map((p) => p.path),
      ['/api', '/console'],
    );
    const service = named(manifests, 'Service', fullName('issuer-api'));
    for (const path of [...paths, ...(admin.spec.rules[0].http.paths as Path[])]) {
      assert.equal(path.pathType, 'Prefix');
      assert.equal(path.backend.service.name, service.metadata.name);
      assert.ok(service.spec.ports.some((p: { name: string }) => p.name === path.backend.service.port.name));
    }
    assert.deepEqual(wallet.spec.tls, [{ secretName: 'issuer-tls', hosts: ['issuer.example.com'] }]);
    assert.deepEqual(admin.spec.tls, [{ secretName: 'issuer-admin-tls', hosts: ['issuer-admin.example.com'] }]);
  });

  it('leaves /console off the admin host when the console is turned off, and tells issuer-api', () => {
    const manifests = render('external', { 'issuerApi.console.enabled': false });
    const admin = named(manifests, 'Ingress', `${fullName('issuer-api')}-admin`);
    assert.deepEqual(
      (admin.spec.rules[0].http.paths as Path[]).map((p) => p.path),
      ['/api'],
    );
    assert.equal(named(manifests, 'ConfigMap', fullName('issuer-api')).data!.CONSOLE_ENABLED, 'false');
    assert.equal(named(render('default'), 'ConfigMap', fullName('issuer-api')).data!.CONSOLE_ENABLED, 'true');
  });

  it('derives PUBLIC_URL from the ingress host (https with TLS) unless publicUrl is set', () => {
    const ha = render('ha');
    assert.equal(named(ha, 'ConfigMap', fullName('issuer-api')).data!.PUBLIC_URL, 'https://issuer.example.com');
    assert.equal(ofKind(ha, 'Ingress').length, 1, 'no admin Ingress unless ingress.admin.enabled');
    const plain = render('default', { 'ingress.enabled': true, 'ingress.host': 'wallets.example.org' });
    assert.equal(named(plain, 'ConfigMap', fullName('kms')).data!.PUBLIC_URL, 'http://wallets.example.org');
    const explicit = render('ha', { publicUrl: 'https://id.example.net/base' });
    assert.equal(named(explicit, 'ConfigMap', fullName('issuer-api')).data!.PUBLIC_URL, 'https://id.example.net/base');
    const internal = render('default');
    assert.equal(
      named(internal, 'ConfigMap', fullName('issuer-api')).data!.PUBLIC_URL,
      `http://${RELEASE}-issuer-platform-issuer-api:3000`,
    );
  });
});
