import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { LoadGenerator } from './load';
import { clockTicksPerSecond } from './proc-accounting';
import { GROUP_NODE, processFinder, ProcessSampler } from './processes';
import { startTarget, type StartedTarget } from './targets';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** One wallet's and one admin's calls on the running issuer, for checks of one store. */
export interface OneFileIssuerClient {
  target(): StartedTarget;
  /** Creates an offer, redeems it and takes a nonce: the offer (as created), its access token and the nonce. */
  redeemedOffer(): Promise<{ offerId: string; accessToken: string; nonce: string }>;
  /** The credential request with a fresh holder key's proof over `nonce`: the HTTP status. */
  issue(accessToken: string, nonce: string): Promise<number>;
}

/**
 * A baseline must be an honest issuer (the checks the flow needs really happen), and the accounting must see it:
 * the specs of both one-file issuers. `more` adds checks of one store.
 */
export function describeOneFileIssuer(
  name: 'baseline' | 'durable-baseline',
  label: string,
  more?: (client: OneFileIssuerClient) => void,
): void {
  describe(`bench ${label} (${name})`, () => {
    let target: StartedTarget;
    let issuer: string;
    before(async () => {
      target = await startTarget(name);
      issuer = `${target.load.baseUrl}/issuers/${target.load.issuerId}`;
    });
    after(async () => target.stop());

    const post = async (url: string, body: string, headers: Record<string, string>) => {
      const res = await fetch(url, { method: 'POST', body, headers });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const createOffer = (adminKey = target.load.adminKey) =>
      post(
        `${target.load.baseUrl}/api/v1/issuers/bench/profiles/bench-profile/offers`,
        JSON.stringify({ authMethod: 'PRE_AUTHORIZED', txCode: { input_mode: 'numeric', length: 6 } }),
        { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      );
    const token = (code: string, txCode: string) =>
      post(
        `${issuer}/token`,
        new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
          'pre-authorized_code': code,
          tx_code: txCode,
        }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
    const codeOf = async (offer: Record<string, any>) =>
      ((await (await fetch(offer.credentialOfferUri)).json()) as any).grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'][
        'pre-authorized_code'
      ] as string;
    const proof = async (nonce: string, signer: SigningKey, jwk: JWK) =>
      new SignJWT({ aud: issuer, nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk }).setIssuedAt().sign(signer);
    const credential = (accessToken: string, jwt: string) =>
      post(`${issuer}/credential`, JSON.stringify({ credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [jwt] } }), {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
      });

    it('refuses a wrong admin key, a wrong tx_code and a code used twice', async () => {
      assert.equal((await createOffer('wrong')).status, 401);
      const offer = (await createOffer()).body;
      const code = await codeOf(offer);
      const wrong = offer.txCodeValue === '000000' ? '000001' : '000000';
      assert.deepEqual(await token(code, wrong), { status: 400, body: { error: 'invalid_grant' } });
      assert.equal((await token(code, offer.txCodeValue)).status, 200);
      assert.deepEqual(await token(code, offer.txCodeValue), { status: 400, body: { error: 'invalid_grant' } });
    });

    it('stays single-use under concurrency: one token per code, one credential per token, one use per nonce', async () => {
      const offer = (await createOffer()).body;
      const code = await codeOf(offer);
      const redeemed = await Promise.all(Array.from({ length: 20 }, () => token(code, offer.txCodeValue)));
      assert.equal(redeemed.filter((r) => r.status === 200).length, 1, 'one of 20 concurrent redemptions');
      const accessToken = redeemed.find((r) => r.status === 200)!.body.access_token as string;
      const holder = await generateKeyPair('ES256');
      const jwk = await exportJWK(holder.publicKey);
      const nonces = await Promise.all(
        Array.from({ length: 10 }, async () => (await post(`${issuer}/nonce`, '', {})).body.c_nonce as string),
      );
      const issued = await Promise.all(nonces.map(async (n) => credential(accessToken, await proof(n, holder.privateKey, jwk))));
      assert.deepEqual(
        issued.map((r) => r.status).sort(),
        [200, ...Array<number>(9).fill(401)],
        'one of 10 concurrent credential requests on one token',
      );

      const tokens = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const next = (await createOffer()).body;
          return (await token(await codeOf(next), next.txCodeValue)).body.access_token as string;
        }),
      );
      const shared = (await post(`${issuer}/nonce`, '', {})).body.c_nonce as string;
      const sharedProof = await proof(shared, holder.privateKey, jwk);
      const withShared = await Promise.all(tokens.map((t) => credential(t, sharedProof)));
      assert.equal(withShared.filter((r) => r.status === 200).length, 1, 'one nonce, one credential');
      assert.ok(withShared.every((r) => r.status === 200 || r.body.error === 'invalid_nonce'));
    });

    it('issues an SD-JWT VC bound to the proof key, signed by its published key, with disclosures matching the digests', async () => {
      const offer = (await createOffer()).body;
      const { access_token } = (await token(await codeOf(offer), offer.txCodeValue)).body;
      const holder = await generateKeyPair('ES256');
      const holderJwk = await exportJWK(holder.publicKey);
      const other = await generateKeyPair('ES256');
      const nonce = async () => (await post(`${issuer}/nonce`, '', {})).body.c_nonce as string;

      assert.deepEqual((await credential(access_token, await proof('never-issued', holder.privateKey, holderJwk))).body, {
        error: 'invalid_nonce',
      });
      assert.deepEqual((await credential(access_token, await proof(await nonce(), other.privateKey, holderJwk))).body, {
        error: 'invalid_proof',
      });
      const issued = await credential(access_token, await proof(await nonce(), holder.privateKey, holderJwk));
      assert.equal(issued.status, 200);

      const [jwt, ...rest] = (issued.body.credentials[0].credential as string).split('~');
      assert.equal(rest.pop(), '');
      const metadata = (await (await fetch(`${target.load.baseUrl}/.well-known/jwt-vc-issuer/issuers/bench`)).json()) as any;
      const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(metadata.jwks), { issuer });
      assert.equal(protectedHeader.typ, 'dc+sd-jwt');
      assert.deepEqual(payload.cnf, { jwk: { kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x, y: holderJwk.y } });
      const digests = [...(payload._sd as string[]), ...((payload.address as any)._sd as string[])];
      const disclosed = Object.fromEntries(
        rest.map((d) => {
          assert.ok(digests.includes(createHash('sha256').update(d).digest('base64url')));
          const [, name, value] = JSON.parse(Buffer.from(d, 'base64url').toString()) as [string, string, unknown];
          return [name, value];
        }),
      );
      assert.deepEqual(disclosed, { family_name: 'Mustermann', birthdate: '1963-08-12', locality: 'Berlin' });
      assert.equal(payload.given_name, 'Erika');
      // The access token was for one credential.
      assert.equal((await credential(access_token, await proof(await nonce(), holder.privateKey, holderJwk))).status, 401);
    });

    it('runs the load generator flows and shows up in the /proc accounting as a Node process', async () => {
      const sampler = await ProcessSampler.open(processFinder({ root: process.pid, exclude: new Set() }), clockTicksPerSecond(), 50);
      const generator = new LoadGenerator(target.load, 4);
      const result = await generator.run({ wallets: 2, flows: 6 });
      generator.close();
      const usage = await sampler.close();
      assert.equal(result.errors, 0, result.firstErrors.join('\n'));
      assert.equal(result.credentials, 6);
      assert.equal(result.latencies.credential.length, 6);
      const baseline = usage.find((u) => u.label === label);
      assert.ok(baseline, JSON.stringify(usage));
      assert.equal(baseline.group, GROUP_NODE);
      assert.equal(baseline.exited, false);
      assert.ok(baseline.ticks >= 0);
      assert.ok(baseline.peakRssKb! > 0);
    });

    more?.({
      target: () => target,
      redeemedOffer: async () => {
        const offer = (await createOffer()).body;
        const accessToken = (await token(await codeOf(offer), offer.txCodeValue)).body.access_token as string;
        const nonce = (await post(`${issuer}/nonce`, '', {})).body.c_nonce as string;
        return { offerId: offer.offerId as string, accessToken, nonce };
      },
      issue: async (accessToken, nonce) => {
        const holder = await generateKeyPair('ES256');
        return (await credential(accessToken, await proof(nonce, holder.privateKey, await exportJWK(holder.publicKey)))).status;
      },
    });
  });
}
