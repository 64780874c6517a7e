import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { MDL_EXAMPLE } from '@issuer/credentials';
import {
  AdminClient,
  derOf,
  owfContext,
  publicMembers,
  startTarget,
  TestWallet,
  waitFor,
  type HolderKey,
  type Owf,
  type RunningPlatform,
} from '@issuer/testing';
import { createDidJwkKey, createIssuer, createMdocPki, DEGREE_JWT_VC } from './issuer-fixtures';
import { createOffer, credentialRequest, nonceRequest, preAuthorizedCodeOf, proofFor, tokenRequest } from './protocol-helpers';
import { WebhookReceiver } from './webhook-receiver';

const target = process.env.E2E_TARGET ?? 'standalone';
const MDL_NS = 'org.iso.18013.5.1';
type Jwk = Record<string, unknown>;

interface Format {
  label: string;
  configurationId: string;
  /** The family in the event names (API.md §7). */
  event: string;
  /** The profile body beyond name and configuration. */
  profile: () => Record<string, unknown>;
  /** Data the operator supplies at approval, and the claim it must show up as. */
  supplied: Record<string, unknown>;
  suppliedClaim: string;
  /** Verifies a credential independently and returns the supplied claim's value and the bound holder key's x. */
  read: (credential: string) => Promise<{ supplied: unknown; holderX: unknown }>;
}

/**
 * API.md §12 for the W3C and mdoc formats (the SD-JWT VC case is e2e/credential-endpoint): several credential
 * requests per access token, deferred issuance approved with supplied data, a c_nonce reused with the same token,
 * notifications recorded on the credential, and the deferred events delivered as webhooks.
 */
describe(`credential endpoint in every format: several requests per token, deferred issuance, notifications, webhooks (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let owf: Owf;
  let receiver: WebhookReceiver;
  let hookUrl: string;
  const issuerId = 'formats';
  let audience: string;
  let w3cKey: { keyId: string; publicJwk: Jwk };
  let issuerDid: string;
  let iacaPem: string;
  let documentSigner: { keyId: string; certificateId: string };

  before(async () => {
    receiver = new WebhookReceiver(0);
    hookUrl = await receiver.start();
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    owf = (await import('@owf/mdoc')) as Owf;
    audience = `${platform.baseUrl}/issuers/${issuerId}`;
    ({ did: issuerDid, ...w3cKey } = await createDidJwkKey(admin));
    ({ iacaPem, ...documentSigner } = await createMdocPki(admin, 'Formats'));
    await createIssuer(admin, {
      id: issuerId,
      credentialConfigurations: {
        degree: DEGREE_JWT_VC,
        [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration,
      },
    });
  });
  after(async () => {
    await platform?.stop();
    await receiver?.stop();
  });

  const w3cRead = async (credential: string) => {
    const jwt = credential.split('~')[0]!;
    assert.equal(decodeProtectedHeader(jwt).kid, `${issuerDid}#0`);
    const { payload } = await jwtVerify(jwt, await importJWK(publicMembers(w3cKey.publicJwk) as JWK, 'ES256'));
    const subject = ((payload['vc'] as Record<string, unknown> | undefined)?.['credentialSubject'] ?? payload['credentialSubject']) as {
      id: string;
      degree?: { name?: string };
    };
    const holder = JSON.parse(Buffer.from(subject.id.slice('did:jwk:'.length).split('#')[0]!, 'base64url').toString()) as Jwk;
    return { supplied: subject.degree?.name, holderX: holder['x'] };
  };

  const FORMATS: Format[] = [
    {
      label: 'W3C jwt_vc_json (VCDM 1.1)',
      configurationId: 'degree',
      event: 'w3c_vc',
      profile: () => ({ issuerKeyId: w3cKey.keyId, issuerDid, credentialData: { credentialSubject: { degree: { name: 'BSc' } } } }),
      supplied: { credentialSubject: { degree: { name: 'MSc' } } },
      suppliedClaim: 'MSc',
      read: w3cRead,
    },
    {
      label: 'W3C jwt_vc_json (VCDM 2.0)',
      configurationId: 'degree',
      event: 'w3c_vc',
      profile: () => ({
        issuerKeyId: w3cKey.keyId,
        issuerDid,
        w3cVersion: '2.0',
        credentialData: { credentialSubject: { degree: { name: 'BSc' } } },
      }),
      supplied: { credentialSubject: { degree: { name: 'PhD' } } },
      suppliedClaim: 'PhD',
      read: w3cRead,
    },
    {
      label: 'ISO mdoc (mDL)',
      configurationId: MDL_EXAMPLE.credentialConfigurationId,
      event: 'mso_mdoc',
      profile: () => ({ ...MDL_EXAMPLE.profile, issuerKeyId: documentSigner.keyId, certificateId: documentSigner.certificateId }),
      supplied: { [MDL_NS]: { given_name: 'Approved' } },
      suppliedClaim: 'Approved',
      read: async (credential) => {
        const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(credential);
        await parsed.verify({ trustedCertificates: [derOf(iacaPem)] }, owfContext(owf) as never);
        const device = parsed.issuerAuth.mobileSecurityObject.deviceKeyInfo.deviceKey.jwk as Jwk;
        return { supplied: (parsed.getPrettyClaims(MDL_NS) as Record<string, unknown>)['given_name'], holderX: device['x'] };
      },
    },
  ];

  async function profileFor(format: Format, extra: Record<string, unknown> = {}): Promise<string> {
    const body = { name: format.label, credentialConfigurationId: format.configurationId, ...format.profile(), ...extra };
    const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, body);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.profileId;
  }

  async function redeem(profileId: string) {
    const offer = await createOffer(admin, issuerId, profileId);
    const token = await tokenRequest(platform.baseUrl, issuerId, {
      'pre-authorized_code': await preAuthorizedCodeOf(offer.credentialOfferUri!),
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    return { sessionId: offer.sessionId, token: token.body.access_token as string };
  }

  async function request(format: Format, token: string, key: HolderKey, nonce?: string) {
    const proof = await proofFor(key, audience, nonce ?? (await nonceRequest(platform.baseUrl, issuerId)));
    return credentialRequest(platform.baseUrl, issuerId, token, {
      credential_configuration_id: format.configurationId,
      proofs: { jwt: [proof] },
    });
  }

  async function post(path: string, token: string, body: unknown) {
    const response = await fetch(`${audience}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).body;

  for (const format of FORMATS) {
    it(`${format.label}: one token issues twice with fresh nonces, a reused c_nonce is invalid_nonce, a notification is recorded`, async () => {
      const { sessionId, token } = await redeem(await profileFor(format));
      const wallet = new TestWallet();
      const [first, second] = [await wallet.newHolderKey(), await wallet.newHolderKey()];
      const nonce = await nonceRequest(platform.baseUrl, issuerId);
      const one = await request(format, token, first, nonce);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      const reused = await request(format, token, second, nonce);
      assert.equal(reused.status, 400, 'the same c_nonce again with the same token');
      assert.equal(reused.body.error, 'invalid_nonce');
      const two = await request(format, token, second);
      assert.equal(two.status, 200, JSON.stringify(two.body));

      const read = [await format.read(one.body.credentials[0].credential), await format.read(two.body.credentials[0].credential)];
      assert.deepEqual(
        read.map((r) => r.holderX),
        [first.publicJwk.x, second.publicJwk.x],
        'each credential is bound to the key of its own request',
      );
      assert.notEqual(one.body.notification_id, two.body.notification_id);
      const view = await session(sessionId);
      assert.equal(view.status, 'SUCCESSFUL');
      assert.equal(view.credentials.length, 2, 'the refused request issued nothing');

      const accepted = await post('notification', token, { notification_id: two.body.notification_id, event: 'credential_accepted' });
      assert.equal(accepted.status, 204, JSON.stringify(accepted.body));
      const notified = (await session(sessionId)).credentials.map((c: { notification?: { event: string } }) => c.notification?.event);
      assert.deepEqual(notified, [undefined, 'credential_accepted'], 'only the credential of that response records it');
    });

    it(`${format.label}: deferred issuance: 202, pending polls, approval with data, 200 with the merged data, webhooks`, async () => {
      const profileId = await profileFor(format, {
        issuance: { mode: 'DEFERRED', interval: 1 },
        notifications: { webhook: { url: hookUrl } },
      });
      const { sessionId, token } = await redeem(profileId);
      const key = await new TestWallet().newHolderKey();
      const nonce = await nonceRequest(platform.baseUrl, issuerId);
      const accepted = await request(format, token, key, nonce);
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      assert.equal(accepted.body.interval, 1);
      const again = await request(format, token, await new TestWallet().newHolderKey(), nonce);
      assert.equal(again.body.error, 'invalid_nonce', 'a deferred request consumes its c_nonce too');

      const pending = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
      assert.equal(pending.status, 202);
      assert.deepEqual(pending.body, { transaction_id: accepted.body.transaction_id, interval: 1 });
      const approve = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, {
        approve: true,
        credentialData: format.supplied,
      });
      assert.equal(approve.status, 204, JSON.stringify(approve.body));
      const delivered = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
      assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
      const read = await format.read(delivered.body.credentials[0].credential);
      assert.equal(read.supplied, format.suppliedClaim, 'the supplied data is in the credential');
      assert.equal(read.holderX, key.publicJwk.x, 'bound to the key of the deferred request');

      const notified = await post('notification', token, { notification_id: delivered.body.notification_id, event: 'credential_accepted' });
      assert.equal(notified.status, 204);
      const view = await session(sessionId);
      assert.equal(view.status, 'SUCCESSFUL');
      assert.equal(view.credentials.length, 1);
      assert.equal(view.credentials[0].notification.event, 'credential_accepted');

      const expected = [
        `credential_request_${format.event}_succeeded`,
        'deferred_credential_request_succeeded',
        'issuance_status_changed',
        'notification_received',
      ];
      await waitFor(
        'the deferred events delivered as webhooks',
        () => expected.every((event) => receiver.delivered(sessionId).some((r) => r.body.event === event)),
        { timeoutMs: 30_000 },
      );
      const hooks = receiver.delivered(sessionId);
      const acceptedHook = hooks.find((r) => r.body.event === `credential_request_${format.event}_succeeded`)!;
      assert.equal(acceptedHook.body.data.deferred, true, 'the 202 is announced as a deferred acceptance');
      assert.ok(
        hooks.some((r) => r.body.event === `credential_request_${format.event}_failed` && r.body.error === 'invalid_nonce'),
        'the refused request with the reused nonce is an event too',
      );
    });
  }
});
