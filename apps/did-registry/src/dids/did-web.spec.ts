import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { didWebHostOf, didWebOf, didWebUrl } from './did-web.address';
import { DidWebResolver } from './did-web.resolver';
import { DidResolver } from './did.resolver';
import { DidResolutionFailure } from './did-resolution.error';
import { OutboundGuard, parseOutboundAllowList } from '@issuer/platform';

describe('did:web addresses', () => {
  it('derives the DID from PUBLIC_URL with the port percent-encoded', () => {
    assert.equal(didWebHostOf('http://localhost:3000'), 'localhost%3A3000');
    assert.equal(didWebOf('https://issuer.example.com', null), 'did:web:issuer.example.com');
    assert.equal(didWebOf('https://issuer.example.com:8443/base', 'acme'), 'did:web:issuer.example.com%3A8443:dids:acme');
  });

  it('maps DIDs to document URLs (https; http only for localhost)', () => {
    assert.equal(didWebUrl('did:web:w3c-ccg.github.io').href, 'https://w3c-ccg.github.io/.well-known/did.json');
    assert.equal(didWebUrl('did:web:w3c-ccg.github.io:user:alice').href, 'https://w3c-ccg.github.io/user/alice/did.json');
    assert.equal(didWebUrl('did:web:example.com%3A3000:dids:a').href, 'https://example.com:3000/dids/a/did.json');
    assert.equal(didWebUrl('did:web:localhost%3A3000').href, 'http://localhost:3000/.well-known/did.json');
    for (const bad of [
      'did:web:',
      'did:web:a/b',
      'did:web:ex%2Fample.com',
      'did:web:example.com:..',
      'did:web:example.com#x',
      'did:web:%zz',
    ]) {
      assert.throws(() => didWebUrl(bad), DidResolutionFailure, bad);
    }
  });
});

describe('did:web resolution over HTTP', () => {
  let server: Server;
  let host: string;
  const bodies: Record<string, () => { status?: number; body: string; delay?: number }> = {};

  before(async () => {
    server = createServer((req, res) => {
      const answer = bodies[req.url ?? '']?.() ?? { status: 404, body: '{}' };
      setTimeout(() => res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(answer.body), answer.delay ?? 0);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1%3A${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const resolver = (allow: string, options = { timeoutMs: 5000, maxBytes: 100 * 1024 }) =>
    new DidResolver(
      'https://issuer.example',
      async () => undefined,
      new DidWebResolver(new OutboundGuard(parseOutboundAllowList(allow)), options),
    );

  it('fetches an allow-listed host and checks the document id', async () => {
    const did = `did:web:${host}:users:alice`;
    bodies['/users/alice/did.json'] = () => ({ body: JSON.stringify({ id: did, verificationMethod: [] }) });
    const ok = await resolver('127.0.0.1').resolve(did);
    assert.deepEqual(ok.didDocument, { id: did, verificationMethod: [] });
    assert.equal(ok.didResolutionMetadata.error, undefined);

    bodies['/users/alice/did.json'] = () => ({ body: JSON.stringify({ id: 'did:web:evil.example' }) });
    assert.equal((await resolver('127.0.0.1').resolve(did)).didResolutionMetadata.error, 'internalError');
    bodies['/users/alice/did.json'] = () => ({ body: 'not json' });
    assert.equal((await resolver('127.0.0.1').resolve(did)).didResolutionMetadata.error, 'internalError');
    assert.equal((await resolver('127.0.0.1').resolve(`did:web:${host}:nobody`)).didResolutionMetadata.error, 'notFound');
  });

  it('refuses loopback hosts that are not allow-listed (SSRF guard)', async () => {
    const did = `did:web:${host}`;
    bodies['/.well-known/did.json'] = () => ({ body: JSON.stringify({ id: did }) });
    const refused = await resolver('').resolve(did);
    assert.equal(refused.didDocument, null);
    assert.equal(refused.didResolutionMetadata.error, 'internalError');
    assert.match(String(refused.didResolutionMetadata.errorMessage), /OUTBOUND_ALLOWED_HOSTS/);
    assert.ok((await resolver('127.0.0.0/8').resolve(did)).didDocument);
  });

  it('enforces the body limit and the deadline', async () => {
    const big = `did:web:${host}:big`;
    bodies['/big/did.json'] = () => ({ body: JSON.stringify({ id: big, pad: 'x'.repeat(200_000) }) });
    const tooBig = await resolver('127.0.0.1').resolve(big);
    assert.match(String(tooBig.didResolutionMetadata.errorMessage), /exceeds/);
    const slow = `did:web:${host}:slow`;
    bodies['/slow/did.json'] = () => ({ body: JSON.stringify({ id: slow }), delay: 1000 });
    const late = await resolver('127.0.0.1', { timeoutMs: 200, maxBytes: 1000 }).resolve(slow);
    assert.match(String(late.didResolutionMetadata.errorMessage), /did not answer/);
  });

  it('answers methodNotSupported, invalidDid and notFound for own did:web without I/O', async () => {
    const local = new DidResolver('https://issuer.example', async () => undefined, undefined as never);
    assert.equal((await local.resolve('did:example:123')).didResolutionMetadata.error, 'methodNotSupported');
    assert.equal((await local.resolve('not a did')).didResolutionMetadata.error, 'invalidDid');
    assert.equal((await local.resolve('did:web:issuer.example:dids:x')).didResolutionMetadata.error, 'notFound');
    const key = await local.resolve('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
    assert.equal(key.didDocument?.id, 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
    assert.equal(
      key.didDocument?.verificationMethod?.[0].id,
      'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    );
  });
});
