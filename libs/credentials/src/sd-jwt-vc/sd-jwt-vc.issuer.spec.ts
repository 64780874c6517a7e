import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { verifySDJWT } from '@meeco/sd-jwt';
import { CredentialError } from '../shared/credential-error';
import { issueSdJwtVc, SdJwtVcCallbacks, SdJwtVcIssueRequest } from './sd-jwt-vc.issuer';

// --- test crypto, only here: production code receives it through callbacks ---
function keyPair(kind: 'ES256' | 'EdDSA'): { publicKey: KeyObject; callbacks: SdJwtVcCallbacks } {
  const { privateKey, publicKey } = kind === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const callbacks: SdJwtVcCallbacks = {
    sign: async (input) =>
      kind === 'ES256'
        ? sign('sha256', Buffer.from(input, 'ascii'), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')
        : sign(null, Buffer.from(input, 'ascii'), privateKey).toString('base64url'),
    hash: (data) => new Uint8Array(createHash('sha256').update(data, 'ascii').digest()),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  };
  return { publicKey, callbacks };
}
const es256 = keyPair('ES256');
const sha256b64u = (s: string): string => createHash('sha256').update(s, 'ascii').digest('base64url');

interface Parsed {
  jwt: string;
  payload: Record<string, unknown>;
  disclosures: { encoded: string; salt: string; key?: string; value: unknown }[];
}
function parse(sdJwt: string): Parsed {
  assert.ok(sdJwt.endsWith('~'), 'issuance form ends with ~');
  const [jwt, ...rest] = sdJwt.split('~');
  const encoded = rest.slice(0, -1);
  const payload = JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const disclosures = encoded.map((e) => {
    const arr = JSON.parse(Buffer.from(e, 'base64url').toString('utf8')) as unknown[];
    return arr.length === 3
      ? { encoded: e, salt: arr[0] as string, key: arr[1] as string, value: arr[2] }
      : { encoded: e, salt: arr[0] as string, value: arr[1] };
  });
  return { jwt: jwt!, payload, disclosures };
}
/** Every `_sd` array found in the payload and inside disclosed values, with its location. */
function sdArrays(value: unknown, at = '$', out: { at: string; digests: string[] }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => sdArrays(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '_sd') out.push({ at, digests: v as string[] });
      else sdArrays(v, `${at}.${k}`, out);
    }
  }
  return out;
}
function checkDigests(parsed: Parsed): { at: string; digests: string[] }[] {
  const arrays = [...sdArrays(parsed.payload), ...parsed.disclosures.flatMap((d) => sdArrays(d.value, `disclosure:${d.key}`))];
  const all = new Set(arrays.flatMap((a) => a.digests));
  for (const d of parsed.disclosures) assert.ok(all.has(sha256b64u(d.encoded)), `digest of ${d.key} is in an _sd array`);
  return arrays;
}
async function meecoVerify(sdJwt: string, publicKey: KeyObject, alg: string): Promise<Record<string, unknown>> {
  return (await verifySDJWT(
    sdJwt,
    async (jwt) => Boolean(await jwtVerify(jwt, publicKey, { typ: 'dc+sd-jwt', algorithms: [alg] })),
    async () => (data: string) => sha256b64u(data),
  )) as Record<string, unknown>;
}

const payload = (): SdJwtVcIssueRequest['payload'] => ({
  iss: 'https://issuer.example',
  vct: 'https://issuer.example/credentials/pid/v1',
  iat: 1795890607,
  exp: 1827426607,
  cnf: { jwk: { kty: 'EC', crv: 'P-256', x: 'GTRz', y: 'Ofqr' } },
  status: { status_list: { idx: 12, uri: 'https://issuer.example/statuslists/1' } },
  given_name: 'Erika',
  family_name: 'Mustermann',
  birthdate: '1963-08-12',
  address: { street: 'Heidestraße 17', locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR'],
});

describe('issueSdJwtVc', () => {
  it('lets the SD map alone decide the disclosures (walt.id #1130), nested children included', async () => {
    const input = payload();
    const before = JSON.stringify(input);
    const sdJwt = await issueSdJwtVc(
      {
        header: { alg: 'ES256', kid: 'issuer-key-1', x5c: ['MIIBtest'] },
        payload: input,
        selectiveDisclosure: {
          fields: {
            given_name: { sd: true },
            family_name: { sd: false },
            address: { sd: false, children: { street: { sd: true }, locality: { sd: false } } },
            nationalities: { sd: true },
            not_in_payload: { sd: true },
          },
        },
      },
      es256.callbacks,
    );
    assert.equal(JSON.stringify(input), before, 'the request is not mutated');

    const { payload: verified, protectedHeader } = await jwtVerify(sdJwt.split('~')[0]!, es256.publicKey, {
      typ: 'dc+sd-jwt',
      algorithms: ['ES256'],
      issuer: 'https://issuer.example',
    });
    assert.deepEqual(protectedHeader, { typ: 'dc+sd-jwt', kid: 'issuer-key-1', x5c: ['MIIBtest'], alg: 'ES256' });

    const parsed = parse(sdJwt);
    assert.deepEqual(parsed.disclosures.map((d) => d.key).sort(), ['given_name', 'nationalities', 'street']);
    checkDigests(parsed);
    assert.equal(verified['_sd_alg'], 'sha-256');
    // sd:false and unmapped claims stay plain; reserved claims are untouched.
    for (const claim of ['family_name', 'birthdate', 'iss', 'vct', 'cnf', 'status', 'iat', 'exp']) {
      assert.deepEqual(verified[claim], (input as Record<string, unknown>)[claim], claim);
    }
    const address = verified['address'] as Record<string, unknown>;
    assert.equal(address['locality'], 'Köln');
    assert.equal(address['country'], 'DE');
    assert.equal(address['street'], undefined);
    assert.equal((address['_sd'] as string[]).length, 1);
    assert.equal(verified['given_name'], undefined);
    assert.equal(verified['nationalities'], undefined);

    // An independent SD-JWT library reconstructs exactly the original claims.
    assert.deepEqual(await meecoVerify(sdJwt, es256.publicKey, 'ES256'), input);
  });

  it('issues a plain credential without _sd, _sd_alg or disclosures when nothing is SD', async () => {
    for (const selectiveDisclosure of [undefined, { fields: { given_name: { sd: false } }, decoyMode: 'FIXED' as const, decoys: 3 }]) {
      const sdJwt = await issueSdJwtVc({ header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure }, es256.callbacks);
      const parsed = parse(sdJwt);
      assert.equal(parsed.disclosures.length, 0);
      assert.equal(sdJwt, `${parsed.jwt}~`);
      assert.equal(parsed.payload['_sd'], undefined);
      assert.equal(parsed.payload['_sd_alg'], undefined);
      assert.equal(decodeProtectedHeader(parsed.jwt).typ, 'dc+sd-jwt');
    }
  });

  it('uses salts of at least 128 bits from callbacks.randomBytes', async () => {
    let calls = 0;
    const callbacks = { ...es256.callbacks, randomBytes: (n: number) => (calls++, es256.callbacks.randomBytes(n)) };
    const sdJwt = await issueSdJwtVc(
      {
        header: { alg: 'ES256' },
        payload: payload(),
        selectiveDisclosure: { fields: { given_name: { sd: true }, birthdate: { sd: true } } },
      },
      callbacks,
    );
    const parsed = parse(sdJwt);
    assert.equal(parsed.disclosures.length, 2);
    for (const d of parsed.disclosures) assert.ok(Buffer.from(d.salt, 'base64url').length >= 16, d.salt);
    assert.notEqual(parsed.disclosures[0]!.salt, parsed.disclosures[1]!.salt);
    assert.ok(calls >= 2);
  });

  it('adds exactly `decoys` decoy digests at each level with SD fields in FIXED mode', async () => {
    const sdJwt = await issueSdJwtVc(
      {
        header: { alg: 'ES256' },
        payload: { ...payload(), plain: { a: 1 } },
        selectiveDisclosure: {
          fields: {
            given_name: { sd: true },
            birthdate: { sd: true },
            address: { sd: false, children: { street: { sd: true } } },
            plain: { sd: false, children: { a: { sd: false } } },
          },
          decoyMode: 'FIXED',
          decoys: 3,
        },
      },
      es256.callbacks,
    );
    const parsed = parse(sdJwt);
    const arrays = checkDigests(parsed);
    const byLevel = Object.fromEntries(arrays.map((a) => [a.at, a.digests.length]));
    assert.deepEqual(byLevel, { $: 2 + 3, '$.address': 1 + 3 });
    assert.equal(parsed.disclosures.length, 3);
    assert.deepEqual(parsed.payload['plain'], { a: 1 });
    assert.deepEqual(await meecoVerify(sdJwt, es256.publicKey, 'ES256'), { ...payload(), plain: { a: 1 } });
  });

  it('draws the RANDOM decoy count uniformly in [0, decoys] from callbacks.randomBytes', async () => {
    const stub = { ...es256.callbacks, randomBytes: (n: number) => (n === 1 ? Uint8Array.of(4) : es256.callbacks.randomBytes(n)) };
    const map = { fields: { given_name: { sd: true } }, decoyMode: 'RANDOM' as const, decoys: 5 };
    const parsed = parse(await issueSdJwtVc({ header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure: map }, stub));
    assert.equal((parsed.payload['_sd'] as string[]).length - parsed.disclosures.length, 4);

    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const p = parse(
        await issueSdJwtVc({ header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure: { ...map, decoys: 2 } }, es256.callbacks),
      );
      const decoys = (p.payload['_sd'] as string[]).length - p.disclosures.length;
      assert.ok(decoys >= 0 && decoys <= 2, String(decoys));
      seen.add(decoys);
    }
    assert.ok(seen.size >= 2, 'the count varies between issuances');
  });

  it('nests a nested SD map: the parent disclosure carries the child digests', async () => {
    const input = payload();
    const sdJwt = await issueSdJwtVc(
      {
        header: { alg: 'ES256' },
        payload: input,
        selectiveDisclosure: { fields: { address: { sd: true, children: { fields: { country: { sd: true } } } } } },
      },
      es256.callbacks,
    );
    const parsed = parse(sdJwt);
    const address = parsed.disclosures.find((d) => d.key === 'address')!;
    assert.deepEqual(Object.keys(address.value as object).sort(), ['_sd', 'locality', 'street']);
    assert.ok(parsed.disclosures.some((d) => d.key === 'country' && d.value === 'DE'));
    checkDigests(parsed);
    assert.deepEqual(await meecoVerify(sdJwt, es256.publicKey, 'ES256'), input);
  });

  it('refuses a reserved claim marked sd: true, with the validation errors attached', async () => {
    for (const claim of ['iss', 'vct', 'cnf', 'status', 'vct#integrity', 'aka_vcts']) {
      await assert.rejects(
        issueSdJwtVc(
          { header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure: { fields: { [claim]: { sd: true } } } },
          es256.callbacks,
        ),
        (error: unknown) =>
          error instanceof CredentialError && error.code === 'SD_MAP_INVALID' && error.errors?.[0]?.path === `fields.${claim}.sd`,
        claim,
      );
    }
  });

  it('signs with EdDSA (Ed25519) too', async () => {
    const ed = keyPair('EdDSA');
    const input = payload();
    const sdJwt = await issueSdJwtVc(
      { header: { alg: 'EdDSA' }, payload: input, selectiveDisclosure: { fields: { birthdate: { sd: true } } } },
      ed.callbacks,
    );
    const { protectedHeader } = await jwtVerify(sdJwt.split('~')[0]!, ed.publicKey, { typ: 'dc+sd-jwt', algorithms: ['EdDSA'] });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.deepEqual(await meecoVerify(sdJwt, ed.publicKey, 'EdDSA'), input);
  });

  it('always sets typ dc+sd-jwt, even if a caller smuggles another typ in', async () => {
    const header = { alg: 'ES256', typ: 'vc+sd-jwt' } as SdJwtVcIssueRequest['header'];
    const sdJwt = await issueSdJwtVc({ header, payload: payload() }, es256.callbacks);
    assert.equal(decodeProtectedHeader(sdJwt.split('~')[0]!).typ, 'dc+sd-jwt');
  });

  it('refuses requests that would produce a non-conformant credential', async () => {
    const bad: [SdJwtVcIssueRequest, string][] = [
      [{ header: { alg: 'ES256' }, payload: { ...payload(), vct: '' } }, 'SD_JWT_VC_INVALID_REQUEST'],
      [{ header: { alg: 'none' }, payload: payload() }, 'SD_JWT_VC_INVALID_REQUEST'],
      [{ header: { alg: 'ES256' }, payload: { ...payload(), address: { _sd: ['x'] } } }, 'SD_JWT_VC_INVALID_REQUEST'],
      [{ header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure: { fields: { a: { sd: 1 } } } as never }, 'SD_MAP_INVALID'],
    ];
    for (const [request, code] of bad) {
      await assert.rejects(issueSdJwtVc(request, es256.callbacks), (e: unknown) => e instanceof CredentialError && e.code === code);
    }
  });

  it('reports signer failures as SIGNING_FAILED with the cause attached', async () => {
    const cause = new Error('kms down');
    const callbacks = { ...es256.callbacks, sign: () => Promise.reject(cause) };
    await assert.rejects(
      issueSdJwtVc({ header: { alg: 'ES256' }, payload: payload() }, callbacks),
      (e: unknown) => e instanceof CredentialError && e.code === 'SIGNING_FAILED' && e.cause === cause,
    );
  });

  it('refuses a random source that returns fewer bytes than asked for', async () => {
    const callbacks = { ...es256.callbacks, randomBytes: () => new Uint8Array(8) };
    await assert.rejects(
      issueSdJwtVc(
        { header: { alg: 'ES256' }, payload: payload(), selectiveDisclosure: { fields: { given_name: { sd: true } } } },
        callbacks,
      ),
      (e: unknown) => e instanceof CredentialError && e.code === 'SD_JWT_VC_ISSUE_FAILED',
    );
  });
});
