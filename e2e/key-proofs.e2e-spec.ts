import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { Openid4vciRetrieveCredentialsError } from '@openid4vc/openid4vci';
import { AdminClient, startTarget, type RunningPlatform } from '@issuer/testing';
import {
  createWalletProvider,
  didKeyOf,
  DidWebHost,
  KeyProofWallet,
  newWalletKey,
  type WalletKey,
  type WalletProvider,
} from './key-proof-wallet';
import { createOffer, credentialRequest } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const issuerId = 'keyproofs';
const HIGH = ['iso_18045_high', 'iso_18045_moderate'];

const w3c = (binding: string) => ({
  format: 'jwt_vc_json',
  credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
  cryptographic_binding_methods_supported: [binding],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
  credential_metadata: { display: [{ name: `Degree (${binding})`, locale: 'en' }] },
});
const sdJwt = (proofTypes: Record<string, unknown>) => ({
  format: 'dc+sd-jwt',
  scope: 'pid',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: proofTypes,
  credential_metadata: { display: [{ name: 'PID', locale: 'en' }] },
});

describe(`key proofs: DID kids, binding methods and key attestations (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let didWeb: DidWebHost;
  let provider: WalletProvider;
  let stranger: WalletProvider;
  let bareAttester: WalletKey;
  const profiles: Record<string, string> = {};

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    didWeb = await DidWebHost.start();
    [provider, stranger, bareAttester] = await Promise.all([
      createWalletProvider('Trusted Wallet Provider'),
      createWalletProvider('Unknown Wallet Provider'),
      newWalletKey(),
    ]);
    const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const issuer = await admin.post('/api/v1/issuers', {
      id: issuerId,
      batchSize: 2,
      credentialConfigurations: {
        degree_did_key: w3c('did:key'),
        degree_did_web: w3c('did:web'),
        pid_attested: sdJwt({
          jwt: {
            proof_signing_alg_values_supported: ['ES256'],
            key_attestations_required: { key_storage: HIGH, user_authentication: ['iso_18045_moderate'] },
          },
          attestation: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: { key_storage: HIGH } },
        }),
        pid_plain: sdJwt({ jwt: { proof_signing_alg_values_supported: ['ES256'] } }),
      },
      keyAttestationTrust: { trustedCertificates: [provider.rootPem], trustedKeys: [{ ...bareAttester.publicJwk, kid: 'wp-bare' }] },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
    for (const configurationId of ['degree_did_key', 'degree_did_web']) {
      const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: configurationId,
        credentialConfigurationId: configurationId,
        issuerKeyId: key.body.keyId,
        credentialData: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', 'UniversityDegreeCredential'],
          credentialSubject: { degree: { name: 'MSc' } },
        },
      });
      assert.equal(profile.status, 201, JSON.stringify(profile.body));
      profiles[configurationId] = profile.body.profileId;
    }
    for (const configurationId of ['pid_attested', 'pid_plain']) {
      const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: configurationId,
        credentialConfigurationId: configurationId,
        issuerKeyId: key.body.keyId,
        credentialData: { given_name: 'Erika' },
      });
      assert.equal(profile.status, 201, JSON.stringify(profile.body));
      profiles[configurationId] = profile.body.profileId;
    }
  });
  after(async () => {
    await didWeb?.close();
    await platform?.stop();
  });

  const credentialIssuer = () => `${platform.baseUrl}/issuers/${issuerId}`;
  const jwks = async () => (await (await fetch(`${credentialIssuer()}/jwks`)).json()) as { keys: JWK[] };

  async function session(configurationId: string) {
    const wallet = new KeyProofWallet();
    const offer = await createOffer(admin, issuerId, profiles[configurationId]!);
    return { wallet, ...(await wallet.start(offer.credentialOffer)) };
  }

  /** A W3C JWT credential verified with jose against the issuer's published keys; returns its payload. */
  async function verifyW3c(credential: string) {
    const [header] = credential.split('.');
    const { kid, alg } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string; alg: string };
    const jwk = (await jwks()).keys.find((k) => k.kid === kid);
    assert.ok(jwk, 'the signing key is published');
    const { payload } = await jwtVerify(credential, await importJWK(jwk, alg), { issuer: credentialIssuer() });
    return payload as { sub?: string; vc: { credentialSubject: { id?: string } } };
  }

  /** The OWF library's retrieveCredentials; a refusal comes back as `{ status, error, description }`. */
  async function retrieve(s: Awaited<ReturnType<typeof session>>, proofs: { jwt: string[] } | { attestation: string[] }) {
    try {
      const { credentialResponse } = await s.wallet.client.retrieveCredentials({
        issuerMetadata: s.issuerMetadata,
        credentialConfigurationId: s.credentialConfigurationId,
        proofs,
        accessToken: s.accessToken,
      });
      return { credentials: (credentialResponse.credentials ?? []).map((c) => (c as { credential: string }).credential) };
    } catch (error) {
      if (!(error instanceof Openid4vciRetrieveCredentialsError)) throw error;
      const body = error.response.credentialErrorResponseResult?.data as { error?: string; error_description?: string } | undefined;
      return { status: error.response.response.status, error: body?.error, description: body?.error_description };
    }
  }

  /** A hand-built proof (for what the library refuses to build): header members added to typ/alg/jwk. */
  async function handProof(key: WalletKey, nonce: string, header: Record<string, unknown> = {}) {
    return new SignJWT({ aud: credentialIssuer(), iat: Math.floor(Date.now() / 1000), nonce })
      .setProtectedHeader({ alg: key.alg, typ: 'openid4vci-proof+jwt', jwk: key.publicJwk, ...header } as never)
      .sign(key.privateKey);
  }

  /** A hand-signed key attestation (typ key-attestation+jwt, the 1.0 spelling). */
  async function handAttestation(signer: WalletKey, header: Record<string, unknown>, payload: Record<string, unknown>) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iat: now,
      exp: now + 600,
      key_storage: ['iso_18045_high'],
      user_authentication: ['iso_18045_moderate'],
      ...payload,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'key-attestation+jwt', ...header } as never)
      .sign(signer.privateKey);
  }

  const expectInvalidProof = (result: { status?: number; error?: string; description?: string }, pattern: RegExp) => {
    assert.equal(result.status, 400, JSON.stringify(result));
    assert.equal(result.error, 'invalid_proof', JSON.stringify(result));
    assert.match(result.description ?? '', pattern);
  };

  it('metadata advertises the binding methods and exactly the key attestation requirements it enforces', async () => {
    const metadata = (await (await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`)).json()) as any;
    const configurations = metadata.credential_configurations_supported;
    assert.deepEqual(configurations.degree_did_key.cryptographic_binding_methods_supported, ['did:key']);
    assert.deepEqual(configurations.pid_attested.proof_types_supported, {
      jwt: {
        proof_signing_alg_values_supported: ['ES256'],
        key_attestations_required: { key_storage: HIGH, user_authentication: ['iso_18045_moderate'] },
      },
      attestation: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: { key_storage: HIGH } },
    });
    assert.deepEqual(configurations.pid_plain.proof_types_supported, { jwt: { proof_signing_alg_values_supported: ['ES256'] } });
    assert.equal(JSON.stringify(metadata).includes('trustedCertificates'), false, 'trust lists stay private');
  });

  it('refuses a configuration that demands key attestations when nobody is trusted for them (problem+json naming the field)', async () => {
    const response = await admin.post('/api/v1/issuers', {
      id: 'untrusting',
      credentialConfigurations: {
        pid: sdJwt({ jwt: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: {} } }),
        mdl: {
          ...sdJwt({ attestation: { proof_signing_alg_values_supported: ['ES256'] } }),
          cryptographic_binding_methods_supported: ['did:key'],
        },
      },
    });
    assert.equal(response.status, 400);
    const paths = (response.body.errors as { path: string }[]).map((e) => e.path);
    assert.ok(paths.includes('credentialConfigurations.pid.proof_types_supported.jwt.key_attestations_required'), JSON.stringify(paths));
    assert.ok(paths.includes('credentialConfigurations.mdl.proof_types_supported.attestation'), JSON.stringify(paths));
    const bad = await admin.post('/api/v1/issuers', {
      id: 'untrusting',
      credentialConfigurations: { pid: sdJwt({ jwt: { proof_signing_alg_values_supported: ['ES256'] } }) },
      keyAttestationTrust: { trustedKeys: [{ kty: 'oct', k: 'c2VjcmV0' }], trustedCertificates: ['not a certificate'] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      (bad.body.errors as { path: string }[]).map((e) => e.path),
      ['keyAttestationTrust.trustedKeys.0', 'keyAttestationTrust.trustedCertificates.0'],
    );
  });

  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`issues to a did:key kid (${alg}) built by the wallet library; the did:key is the credential subject`, async () => {
      const s = await session('degree_did_key');
      const key = await newWalletKey(alg);
      const did = didKeyOf(key.publicJwk);
      const kid = `${did}#${did.slice('did:key:'.length)}`;
      await s.wallet.remember(key, kid);
      const { jwt } = await s.wallet.client.createCredentialRequestJwtProof({
        issuerMetadata: s.issuerMetadata,
        credentialConfigurationId: s.credentialConfigurationId,
        nonce: s.nonce,
        issuedAt: new Date(),
        signer: { method: 'did', didUrl: kid, alg },
      });
      assert.equal(decodeJwtHeader(jwt).kid, kid);
      const result = await retrieve(s, { jwt: [jwt] });
      assert.equal(result.credentials?.length, 1, JSON.stringify(result));
      const payload = await verifyW3c(result.credentials![0]!);
      assert.equal(payload.sub, did);
      assert.equal(payload.vc.credentialSubject.id, did);
    });
  }

  it('refuses a jwk header proof for a did:key-only configuration', async () => {
    const s = await session('degree_did_key');
    const key = await s.wallet.remember(await newWalletKey());
    const { jwt } = await s.wallet.client.createCredentialRequestJwtProof({
      issuerMetadata: s.issuerMetadata,
      credentialConfigurationId: s.credentialConfigurationId,
      nonce: s.nonce,
      issuedAt: new Date(),
      signer: { method: 'jwk', alg: 'ES256', publicJwk: key.publicJwk as never },
    });
    expectInvalidProof(await retrieve(s, { jwt: [jwt] }), /binds to did:key; a jwk header key is not accepted/);
  });

  it('issues to a did:web kid resolved through did-registry from a host on 127.0.0.1', async () => {
    const s = await session('degree_did_web');
    const key = await newWalletKey();
    const { did, kid } = didWeb.publish('wallet-1', key);
    await s.wallet.remember(key, kid);
    const { jwt } = await s.wallet.client.createCredentialRequestJwtProof({
      issuerMetadata: s.issuerMetadata,
      credentialConfigurationId: s.credentialConfigurationId,
      nonce: s.nonce,
      issuedAt: new Date(),
      signer: { method: 'did', didUrl: kid, alg: 'ES256' },
    });
    const before = didWeb.requests;
    const result = await retrieve(s, { jwt: [jwt] });
    assert.equal(result.credentials?.length, 1, JSON.stringify(result));
    assert.ok(didWeb.requests > before, 'the did.json was fetched');
    const payload = await verifyW3c(result.credentials![0]!);
    assert.equal(payload.vc.credentialSubject.id, did);
  });

  it('refuses a did:web kid whose key is not for authentication, and never fetches one the configuration does not bind to', async () => {
    const key = await newWalletKey();
    const { kid } = didWeb.publish('wallet-2', key, ['assertionMethod']);
    const s = await session('degree_did_web');
    expectInvalidProof(await retrieve(s, { jwt: [await handProof(key, s.nonce, { jwk: undefined, kid })] }), /authentication/);

    const other = await session('degree_did_key');
    const before = didWeb.requests;
    const refused = await retrieve(other, {
      jwt: [await handProof(key, other.nonce, { jwk: undefined, kid: kid.replace('wallet-2', 'wallet-3') })],
    });
    expectInvalidProof(refused, /binds to did:key; a did:web kid is not accepted/);
    assert.equal(didWeb.requests, before, 'no request to the wallet-named host');
  });

  it('issues with a trusted key_attestation header (x5c chain, the library-made pre-final typ), bound to the attested key', async () => {
    const s = await session('pid_attested');
    const holder = await s.wallet.remember(await newWalletKey());
    await s.wallet.remember(provider.leaf, provider.x5c[0]);
    const keyAttestationJwt = await s.wallet.keyAttestation(
      { method: 'x5c', x5c: provider.x5c, alg: 'ES256' },
      {
        use: 'proof_type.jwt',
        nonce: s.nonce,
        expiresAt: new Date(Date.now() + 600_000),
        attestedKeys: [holder.publicJwk as never],
        keyStorage: ['iso_18045_moderate'],
        userAuthentication: ['iso_18045_moderate'],
      },
    );
    assert.equal(decodeJwtHeader(keyAttestationJwt).typ, 'keyattestation+jwt');
    const { jwt } = await s.wallet.client.createCredentialRequestJwtProof({
      issuerMetadata: s.issuerMetadata,
      credentialConfigurationId: s.credentialConfigurationId,
      nonce: s.nonce,
      issuedAt: new Date(),
      signer: { method: 'jwk', alg: 'ES256', publicJwk: holder.publicJwk as never },
      keyAttestationJwt,
    });
    const result = await retrieve(s, { jwt: [jwt] });
    assert.equal(result.credentials?.length, 1, JSON.stringify(result));
    const { payload } = await verifySdJwtVc(result.credentials![0]!, await jwks(), { iss: credentialIssuer() });
    assert.equal(await calculateJwkThumbprint(payload.cnf.jwk), await calculateJwkThumbprint(holder.publicJwk));
  });

  it('issues one credential per attested key for the attestation proof type (library-made, x5c) and for a trusted bare key', async () => {
    const s = await session('pid_attested');
    const keys = [await newWalletKey(), await newWalletKey()];
    await s.wallet.remember(provider.leaf, provider.x5c[0]);
    const attestation = await s.wallet.keyAttestation(
      { method: 'x5c', x5c: provider.x5c, alg: 'ES256' },
      {
        use: 'proof_type.attestation',
        nonce: s.nonce,
        attestedKeys: keys.map((k) => k.publicJwk as never),
        keyStorage: ['iso_18045_high'],
      },
    );
    const result = await retrieve(s, { attestation: [attestation] });
    assert.equal(result.credentials?.length, 2, JSON.stringify(result));
    const bound = await Promise.all(
      result.credentials!.map(async (c) =>
        calculateJwkThumbprint((await verifySdJwtVc(c, await jwks(), { iss: credentialIssuer() })).payload.cnf.jwk),
      ),
    );
    assert.deepEqual(bound.sort(), (await Promise.all(keys.map((k) => calculateJwkThumbprint(k.publicJwk)))).sort());

    const again = await session('pid_attested');
    const bare = await handAttestation(bareAttester, { kid: 'wp-bare' }, { nonce: again.nonce, attested_keys: [keys[0]!.publicJwk] });
    assert.equal((await retrieve(again, { attestation: [bare] })).credentials?.length, 1);
  });

  it('refuses missing, untrusted, expired, too weak and non-matching key attestations with invalid_proof', async () => {
    const s = await session('pid_attested');
    const holder = await newWalletKey();
    const attestation = (signer: WalletKey, header: Record<string, unknown>, payload: Record<string, unknown> = {}) =>
      handAttestation(signer, header, { nonce: s.nonce, attested_keys: [holder.publicJwk], ...payload });
    const withHeader = async (keyAttestation?: string, key = holder) =>
      retrieve(s, { jwt: [await handProof(key, s.nonce, keyAttestation ? { key_attestation: keyAttestation } : {})] });

    expectInvalidProof(await withHeader(), /requires a key_attestation/);
    expectInvalidProof(
      await withHeader(await attestation(stranger.leaf, { x5c: stranger.x5c })),
      /x5c chain does not lead to a trusted certificate/,
    );
    expectInvalidProof(await withHeader(await attestation(await newWalletKey(), {})), /not signed by a trusted key attestation issuer/);
    expectInvalidProof(
      await withHeader(
        await attestation(
          provider.leaf,
          { x5c: provider.x5c },
          { iat: Math.floor(Date.now() / 1000) - 700, exp: Math.floor(Date.now() / 1000) - 100 },
        ),
      ),
      /expired/,
    );
    expectInvalidProof(
      await withHeader(await attestation(provider.leaf, { x5c: provider.x5c }, { key_storage: ['iso_18045_basic'] })),
      /key_storage must include one of iso_18045_high, iso_18045_moderate/,
    );
    expectInvalidProof(
      await withHeader(await attestation(provider.leaf, { x5c: provider.x5c }, { user_authentication: undefined })),
      /user_authentication must include/,
    );
    expectInvalidProof(
      await withHeader(await attestation(provider.leaf, { x5c: provider.x5c }), await newWalletKey()),
      /not signed by a key of the key attestation attested_keys/,
    );
    expectInvalidProof(
      await retrieve(s, { attestation: [await attestation(stranger.leaf, { x5c: stranger.x5c })] }),
      /x5c chain does not lead to a trusted certificate/,
    );
    const three = await attestation(
      provider.leaf,
      { x5c: provider.x5c },
      { attested_keys: [holder.publicJwk, holder.publicJwk, holder.publicJwk] },
    );
    expectInvalidProof(await retrieve(s, { attestation: [three] }), /attests 3 keys; at most 2/);

    const madeUpNonce = await attestation(provider.leaf, { x5c: provider.x5c }, { nonce: 'not-a-c-nonce' });
    const refused = await retrieve(s, { attestation: [madeUpNonce] });
    assert.equal(refused.error, 'invalid_nonce', JSON.stringify(refused));

    const plain = await session('pid_plain');
    const forPlain = await handAttestation(provider.leaf, { x5c: provider.x5c }, { nonce: plain.nonce, attested_keys: [holder.publicJwk] });
    const raw = await credentialRequest(platform.baseUrl, issuerId, plain.accessToken, {
      credential_configuration_id: 'pid_plain',
      proofs: { attestation: [forPlain] },
    });
    assert.equal(raw.status, 400);
    assert.equal(raw.body.error, 'invalid_proof');
    assert.match(raw.body.error_description, /does not accept the attestation proof type/);
  });
});

function decodeJwtHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
}
