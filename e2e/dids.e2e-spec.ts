import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, startTarget, type RunningPlatform } from '@issuer/testing';

const target = process.env.E2E_TARGET ?? 'standalone';

type Jwk = Record<string, unknown>;
interface Key {
  keyId: string;
  publicJwk: Jwk;
}

/** The public members of a JWK in RFC 7638 order, computed here independently of the service. */
function publicMembers(jwk: Jwk): Jwk {
  const names = jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : jwk.kty === 'OKP' ? ['crv', 'kty', 'x'] : ['e', 'kty', 'n'];
  return Object.fromEntries(names.map((n) => [n, jwk[n]]));
}

/** Bitcoin base58 (multibase `z`), written out here so the did:key check does not reuse the service's codec. */
function base58(bytes: Buffer): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  return '1'.repeat(bytes.findIndex((b) => b !== 0)) + out;
}

describe(`DID registry (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const keys: Record<'ed25519' | 'secp256r1' | 'secp256k1', Key> = {} as never;
  let host: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    for (const type of ['ed25519', 'secp256r1', 'secp256k1'] as const) {
      const created = await admin.post('/api/v1/keys', { type });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      keys[type] = created.body;
    }
    host = `localhost%3A${new URL(platform.baseUrl).port}`;
  });
  after(async () => platform?.stop());

  const create = (body: Record<string, unknown>) => admin.post('/api/v1/dids', body);
  const resolve = (did: string) => admin.get(`/api/v1/dids/resolve?did=${encodeURIComponent(did)}`);
  const remove = (did: string) => admin.delete(`/api/v1/dids/${encodeURIComponent(did)}`);

  it('creates did:key DIDs whose documents carry the kms public key', async () => {
    const prefixes = { ed25519: 'z6Mk', secp256r1: 'zDn', secp256k1: 'zQ3s' };
    for (const type of ['ed25519', 'secp256r1', 'secp256k1'] as const) {
      const key = keys[type];
      const res = await create({ method: 'key', keyId: key.keyId });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const { did, document, keyId } = res.body;
      assert.equal(keyId, key.keyId);
      assert.ok(did.startsWith(`did:key:${prefixes[type]}`), did);
      const fragment = did.slice('did:key:'.length);
      assert.equal(document.id, did);
      assert.equal(document.verificationMethod.length, 1);
      const vm = document.verificationMethod[0];
      assert.equal(vm.id, `${did}#${fragment}`);
      assert.equal(vm.controller, did);
      assert.deepEqual(vm.publicKeyJwk, publicMembers(key.publicJwk), 'publicKeyJwk equals the kms public key');
      assert.deepEqual(document.assertionMethod, [vm.id]);
      assert.deepEqual(document.authentication, [vm.id]);
      if (type === 'ed25519') {
        // did:key spec §3.1: z + base58btc(0xed01 ‖ raw public key).
        const raw = Buffer.from(String(key.publicJwk.x), 'base64url');
        assert.equal(did, `did:key:z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`);
      }
      if (type === 'secp256r1') {
        // p256-pub (0x1200) ‖ SEC1 compressed point.
        const y = Buffer.from(String(key.publicJwk.y), 'base64url');
        const point = Buffer.concat([Buffer.from([y[31] & 1 ? 3 : 2]), Buffer.from(String(key.publicJwk.x), 'base64url')]);
        assert.equal(did, `did:key:z${base58(Buffer.concat([Buffer.from([0x80, 0x24]), point]))}`);
      }
      const resolved = await resolve(did);
      assert.equal(resolved.status, 200);
      assert.deepEqual(resolved.body.didDocument, document, 'resolution decodes the multibase to the same document');
      assert.equal(resolved.body.didResolutionMetadata.error, undefined);
    }
    const again = await create({ method: 'key', keyId: keys.ed25519.keyId });
    assert.equal(again.status, 409);
  });

  it('creates did:jwk DIDs from the public members only', async () => {
    const key = keys.secp256r1;
    const res = await create({ method: 'jwk', keyId: key.keyId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const expected = `did:jwk:${Buffer.from(JSON.stringify(publicMembers(key.publicJwk))).toString('base64url')}`;
    assert.equal(res.body.did, expected);
    assert.deepEqual(res.body.document.verificationMethod[0], {
      id: `${expected}#0`,
      type: 'JsonWebKey2020',
      controller: expected,
      publicKeyJwk: publicMembers(key.publicJwk),
    });
    const resolved = await resolve(expected);
    assert.deepEqual(resolved.body.didDocument, res.body.document);
  });

  it('hosts did:web documents publicly, at the root and at a path', async () => {
    const root = await create({ method: 'web', keyId: keys.ed25519.keyId });
    assert.equal(root.status, 201, JSON.stringify(root.body));
    assert.equal(root.body.did, `did:web:${host}`);
    const atPath = await create({ method: 'web', keyId: keys.secp256k1.keyId, path: 'acme' });
    assert.equal(atPath.status, 201, JSON.stringify(atPath.body));
    assert.equal(atPath.body.did, `did:web:${host}:dids:acme`);
    const doc = atPath.body.document;
    assert.deepEqual(doc['@context'], ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    assert.equal(doc.verificationMethod[0].type, 'JsonWebKey2020');
    assert.equal(doc.verificationMethod[0].controller, atPath.body.did);
    assert.deepEqual(doc.verificationMethod[0].publicKeyJwk, publicMembers(keys.secp256k1.publicJwk));
    assert.deepEqual(doc.assertionMethod, [doc.verificationMethod[0].id]);

    for (const edge of platform.edges) {
      for (const [path, expected] of [
        ['/.well-known/did.json', root.body.document],
        ['/dids/acme/did.json', doc],
      ]) {
        const response = await fetch(`${edge}${path}`);
        assert.equal(response.status, 200, `${edge}${path}`);
        assert.match(response.headers.get('content-type') ?? '', /^application\/(did\+)?json/);
        assert.deepEqual(await response.json(), expected);
        const etag = response.headers.get('etag');
        assert.ok(etag);
        const cached = await fetch(`${edge}${path}`, { headers: { 'if-none-match': etag } });
        assert.equal(cached.status, 304);
      }
    }

    const duplicatePath = await create({ method: 'web', keyId: keys.ed25519.keyId, path: 'acme' });
    assert.equal(duplicatePath.status, 409);
    assert.match(duplicatePath.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((await create({ method: 'web', keyId: keys.secp256r1.keyId })).status, 409, 'one root did:web per host');

    const resolved = await resolve(atPath.body.did);
    assert.equal(resolved.status, 200);
    assert.deepEqual(resolved.body.didDocument, doc);
    assert.ok(resolved.body.didDocumentMetadata.created);
    assert.deepEqual((await resolve(root.body.did)).body.didDocument, root.body.document);
  });

  it('lists DIDs and reports resolution failures in didResolutionMetadata', async () => {
    const list = await admin.get('/api/v1/dids');
    assert.equal(list.status, 200);
    const methods = list.body.items.map((i: { method: string }) => i.method).sort();
    assert.deepEqual(methods, ['jwk', 'key', 'key', 'key', 'web', 'web']);
    for (const item of list.body.items) {
      assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'did', 'keyId', 'method']);
      assert.ok(!Number.isNaN(Date.parse(item.createdAt)));
    }
    const cases: [string, string][] = [
      [`did:web:${host}:dids:nobody`, 'notFound'],
      ['did:example:123456', 'methodNotSupported'],
      ['did:key:not-base58-0OIl', 'invalidDid'],
      ['did:jwk:e30', 'invalidDid'],
      ['urn:uuid:1', 'invalidDid'],
    ];
    for (const [did, error] of cases) {
      const res = await resolve(did);
      assert.equal(res.status, 200, did);
      assert.equal(res.body.didDocument, null);
      assert.equal(res.body.didResolutionMetadata.error, error, did);
    }
    const missing = await admin.get('/api/v1/dids/resolve');
    assert.equal(missing.status, 400);
    assert.deepEqual(
      missing.body.errors.map((e: { path: string }) => e.path),
      ['did'],
    );
  });

  it("a profile's issuerDid must resolve to the profile's issuer key", async () => {
    const issuerId = 'did-profiles';
    const issuer = await admin.post('/api/v1/issuers', {
      id: issuerId,
      credentialConfigurations: {
        pid: {
          format: 'dc+sd-jwt',
          cryptographic_binding_methods_supported: ['jwk'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: {},
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
    const own = await create({ method: 'jwk', keyId: keys.secp256r1.keyId });
    const other = await create({ method: 'jwk', keyId: keys.ed25519.keyId });
    const profile = (issuerDid: string) =>
      admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: 'P',
        credentialConfigurationId: 'pid',
        issuerKeyId: keys.secp256r1.keyId,
        issuerDid,
      });
    assert.equal((await profile(own.body.did)).status, 201);
    const mismatch = await profile(other.body.did);
    assert.equal(mismatch.status, 400);
    assert.deepEqual(
      mismatch.body.errors.map((e: { path: string }) => e.path),
      ['issuerDid'],
    );
    const unresolvable = await profile(`did:web:${host}:dids:nothing-here`);
    assert.equal(unresolvable.status, 400);
    assert.match(unresolvable.body.errors[0].message, /does not resolve/);
  });

  it('validates creation requests with problem+json naming the field', async () => {
    const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
    const unknownKey = await create({ method: 'key', keyId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknownKey.status, 400);
    assert.deepEqual(paths(unknownKey.body), ['keyId']);
    const badMethod = await create({ method: 'ebsi', keyId: keys.ed25519.keyId });
    assert.equal(badMethod.status, 400);
    assert.deepEqual(paths(badMethod.body), ['method']);
    const pathWithKey = await create({ method: 'key', keyId: keys.ed25519.keyId, path: 'x' });
    assert.deepEqual(paths(pathWithKey.body), ['path']);
    const badSlug = await create({ method: 'web', keyId: keys.ed25519.keyId, path: '../etc' });
    assert.deepEqual(paths(badSlug.body), ['path']);
    const unknownField = await create({ method: 'key', keyId: keys.ed25519.keyId, colour: 'red' });
    assert.equal(unknownField.status, 400);
    assert.ok(paths(unknownField.body).some((p) => p.includes('colour')));
    const notUuid = await create({ method: 'key', keyId: 'nope' });
    assert.deepEqual(paths(notUuid.body), ['keyId']);
  });

  it('requires the admin key', async () => {
    const anonymous = new AdminClient(platform.baseUrl, undefined);
    for (const res of [
      await anonymous.get('/api/v1/dids'),
      await anonymous.post('/api/v1/dids', { method: 'key', keyId: keys.ed25519.keyId }),
      await anonymous.get('/api/v1/dids/resolve?did=did:example:1'),
      await anonymous.delete('/api/v1/dids/did%3Aexample%3A1'),
    ]) {
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });

  it('refuses to delete a key while a DID uses it; deleting DIDs removes hosted documents', async () => {
    const key = keys.secp256k1;
    const busy = await admin.delete(`/api/v1/keys/${key.keyId}`);
    assert.equal(busy.status, 409, JSON.stringify(busy.body));

    const webDid = `did:web:${host}:dids:acme`;
    assert.equal((await remove(webDid)).status, 204);
    const gone = await fetch(`${platform.baseUrl}/dids/acme/did.json`);
    assert.equal(gone.status, 404);
    const body = (await gone.json()) as { error?: string; error_description?: string };
    assert.equal(body.error, 'invalid_request');
    assert.equal(typeof body.error_description, 'string');
    assert.equal((await resolve(webDid)).body.didResolutionMetadata.error, 'notFound');
    const again = await remove(webDid);
    assert.equal(again.status, 404);
    assert.match(again.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((await fetch(`${platform.baseUrl}/dids/Not_A_Slug/did.json`)).status, 404);

    const list = await admin.get('/api/v1/dids');
    for (const item of list.body.items.filter((i: { keyId: string }) => i.keyId === key.keyId)) {
      assert.equal((await remove(item.did)).status, 204, item.did);
    }
    assert.equal((await admin.delete(`/api/v1/keys/${key.keyId}`)).status, 204);

    // A did:jwk is longer than Fastify's 100-character parameter limit: the route still finds it.
    const jwkDid = list.body.items.find((i: { method: string }) => i.method === 'jwk').did;
    assert.ok(jwkDid.length > 100);
    assert.equal((await remove(jwkDid)).status, 204);
    assert.equal((await remove('did:example:unknown')).status, 404);

    assert.equal((await remove(`did:web:${host}`)).status, 204);
    assert.equal((await fetch(`${platform.baseUrl}/.well-known/did.json`)).status, 404);
  });
});
