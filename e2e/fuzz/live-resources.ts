import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { formPairs, formText, type JwtSlot } from './draft';
import { judge } from './oracle';
import { sendRaw, type FuzzRequest, type RawResponse } from './raw-http';

/**
 * The real resources valid requests are built from, created through the API itself: keys, issuers,
 * profiles, a certificate, DIDs, completed sessions with credentials and status lists, and on demand fresh
 * offers, pre-authorized codes, access tokens, nonces and ES256 proofs. Destructive requests (DELETE, PUT,
 * disable) get scratch resources, so the main issuer keeps issuing; the "keep" issuer is never touched and
 * is compared before and after the run.
 */
export const CONFIG_ID = 'fuzz_sd_jwt';
export const PRE_AUTH_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** The wallet's redirect URI (authorization code flow): discard port on loopback, the platform never calls it. */
export const WALLET_REDIRECT = 'http://127.0.0.1:9/cb';

export interface Holder {
  publicJwk: JWK;
  privateKey: CryptoKey;
}

/** An answer to a request the fuzzer needed (not a fuzz case): checked like every other answer. */
export interface SupportCall {
  request: FuzzRequest;
  response?: RawResponse;
  problems: string[];
}

const POOL_LIMIT = 24;
function remember<T>(pool: T[], item: T): void {
  pool.push(item);
  if (pool.length > POOL_LIMIT) pool.shift();
}

export function credentialConfiguration(): Record<string, unknown> {
  return {
    [CONFIG_ID]: {
      format: 'dc+sd-jwt',
      scope: 'fuzz',
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
      credential_metadata: { display: [{ name: 'Fuzz', locale: 'en' }], claims: [{ path: ['given_name'] }] },
    },
  };
}

export class LiveResources {
  readonly mainIssuer: string;
  readonly keepIssuer: string;
  mainKey = '';
  keepKey = '';
  mainProfile = '';
  keepProfile = '';
  /** A profile of the main issuer with a login (PASSWORD): its AUTHORIZED offers start authorization code flows. */
  loginProfile = '';
  /** The user of the main issuer who logs in at its login form. */
  readonly loginUser: { username: string; password: string };
  keepSession = '';
  keepOfferSession = '';
  certificateId = '';
  iacaCertificateId = '';
  didWebPath = '';
  webhookUrl = 'http://127.0.0.1:9/hook';
  /** PUBLIC_URL of the platform, as its issuers name themselves (may differ from the URL the fuzzer uses). */
  publicUrl = '';
  readonly scratchIssuers: string[] = [];
  readonly scratchProfiles: string[] = [];
  readonly scratchKeys: string[] = [];
  readonly scratchDids: string[] = [];
  readonly sessions: { sessionId: string; credentialIds: string[] }[] = [];
  readonly pendingOffers: { offerId: string; sessionId: string }[] = [];
  /** Offers by reference, not redeemed: what `credential_offer_uri` points at. */
  readonly referenceOffers: string[] = [];
  readonly statusListIds: string[] = [];
  readonly tokens: string[] = [];
  readonly holders: Holder[] = [];
  /** Every support call whose answer broke the oracle or failed. */
  readonly supportFailures: SupportCall[] = [];
  supportCalls = 0;
  private counter = 0;
  private receiver?: Server;

  constructor(
    readonly baseUrl: string,
    readonly adminKey: string,
    readonly tag: string,
  ) {
    this.mainIssuer = `fz-${tag}`;
    this.keepIssuer = `fz-keep-${tag}`;
    this.loginUser = { username: `fuzz-${tag}`, password: randomBytes(18).toString('base64url') };
  }

  unique(prefix: string): string {
    return `${prefix}-${this.tag}-${(this.counter++).toString(36)}`;
  }

  /** Sends a request the fuzzer needs, checks its answer, and throws unless it succeeded. */
  async call(method: string, path: string, body?: unknown, headers: [string, string][] = []): Promise<{ status: number; json: any }> {
    const response = await this.support(method, path, body, headers, (status) => status < 300);
    const text = response.body.toString('utf8');
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  /** A request the fuzzer needs that may be refused (a probe): its answer is checked by the oracle, not its status. */
  async attempt(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const response = await this.support(method, path, body, [], () => true);
    const text = response.body.toString('utf8');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, json };
  }

  /** A GET the fuzzer needs that must answer `302`: the path and query of its Location (on this platform). */
  async redirect(path: string): Promise<string> {
    const location = await this.location(path);
    return `${location.pathname}${location.search}`;
  }

  /** A GET the fuzzer needs that must answer `302`: its whole Location (e.g. an identity provider's URL). */
  async location(path: string): Promise<URL> {
    return new URL((await this.support('GET', path, undefined, [], (status) => status === 302)).headers['location'] ?? '');
  }

  /** A GET of an HTML page the fuzzer needs (a login form): its text. */
  async page(path: string): Promise<string> {
    return this.text(path, 'text/html');
  }

  /** A GET the fuzzer needs that must answer `200` with something else than JSON (a page, a request object): its text. */
  async text(path: string, accept: string): Promise<string> {
    return (await this.support('GET', path, undefined, [['Accept', accept]], (status) => status === 200)).body.toString('utf8');
  }

  private async support(
    method: string,
    path: string,
    body: unknown,
    headers: [string, string][],
    succeeded: (status: number) => boolean,
  ): Promise<RawResponse> {
    const form = typeof body === 'string';
    const request: FuzzRequest = {
      method,
      target: path,
      headers: [
        ...(path.startsWith('/api/') ? ([['Authorization', `Bearer ${this.adminKey}`]] as [string, string][]) : []),
        ...(body === undefined
          ? []
          : ([['Content-Type', form ? 'application/x-www-form-urlencoded' : 'application/json']] as [string, string][])),
        ...headers,
      ],
      body: body === undefined ? undefined : Buffer.from(form ? body : JSON.stringify(body)),
    };
    this.supportCalls++;
    let response: RawResponse;
    try {
      response = await sendRaw(this.baseUrl, request);
    } catch (error) {
      this.supportFailures.push({ request, problems: [`no HTTP answer: ${(error as Error).message}`] });
      throw error;
    }
    const problems = judge(method, path, 'any', response);
    if (!succeeded(response.status)) problems.push(`support call answered ${response.status}`);
    if (problems.length) {
      this.supportFailures.push({ request, response, problems });
      throw new Error(`${method} ${path}: ${problems.join('; ')}: ${response.body.toString('utf8').slice(0, 300)}`);
    }
    return response;
  }

  async setup(): Promise<void> {
    this.receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => this.receiver!.listen(0, '127.0.0.1', resolve));
    this.webhookUrl = `http://127.0.0.1:${(this.receiver.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < 4; i++) this.holders.push(await newHolder());

    this.mainKey = (await this.call('POST', '/api/v1/keys', { type: 'secp256r1', name: 'fuzz main' })).json.keyId;
    this.keepKey = (await this.call('POST', '/api/v1/keys', { type: 'secp256r1', name: 'fuzz keep' })).json.keyId;
    for (let i = 0; i < 3; i++) await this.newScratchKey();
    this.certificateId = (
      await this.call('POST', '/api/v1/certificates', {
        profile: 'self-signed',
        keyId: this.mainKey,
        subject: { commonName: 'fuzz', country: 'DE' },
      })
    ).json.certificateId;
    this.iacaCertificateId = (
      await this.call('POST', '/api/v1/certificates', {
        profile: 'iaca',
        keyId: this.mainKey,
        subject: { commonName: 'fuzz iaca', country: 'DE' },
      })
    ).json.certificateId;
    this.didWebPath = this.unique('w');
    await this.call('POST', '/api/v1/dids', { method: 'web', keyId: this.mainKey, path: this.didWebPath });
    await this.newScratchDid();
    // The host's own did:web (`/.well-known/did.json`): one per deployment, so a platform fuzzed before keeps its own.
    const hostDid = await sendRaw(this.baseUrl, { method: 'GET', target: '/.well-known/did.json', headers: [] });
    if (hostDid.status === 404) await this.call('POST', '/api/v1/dids', { method: 'web', keyId: this.mainKey });

    for (const [id, key] of [
      [this.mainIssuer, this.mainKey],
      [this.keepIssuer, this.keepKey],
    ]) {
      const issuer = (await this.call('POST', '/api/v1/issuers', this.issuerBody(id, key))).json as { credentialIssuer: string };
      this.publicUrl = issuer.credentialIssuer.slice(0, -`/issuers/${id}`.length);
    }
    this.mainProfile = (
      await this.call('POST', `/api/v1/issuers/${this.mainIssuer}/profiles`, this.profileBody(this.mainKey))
    ).json.profileId;
    this.keepProfile = (
      await this.call('POST', `/api/v1/issuers/${this.keepIssuer}/profiles`, this.profileBody(this.keepKey))
    ).json.profileId;
    this.loginProfile = (
      await this.call(
        'POST',
        `/api/v1/issuers/${this.mainIssuer}/profiles`,
        this.profileBody(this.mainKey, { name: 'Fuzz login', authentication: { method: 'PASSWORD' } }),
      )
    ).json.profileId;
    await this.call('POST', `/api/v1/issuers/${this.mainIssuer}/users`, { ...this.loginUser, claims: { given_name: 'Fuzz' } });
    for (let i = 0; i < 2; i++) await this.newScratchIssuer();
    for (let i = 0; i < 3; i++) await this.newScratchProfile();

    // Completed sessions: credentials with status entries, so status and delivery routes have real targets.
    for (let i = 0; i < 2; i++) await this.completedSession(this.mainIssuer, this.mainProfile);
    const keep = await this.completedSession(this.keepIssuer, this.keepProfile);
    this.sessions.pop(); // the keep session is not a target
    this.keepSession = keep;
    this.keepOfferSession = (await this.freshOffer(this.keepIssuer, this.keepProfile, false)).sessionId;
    for (let i = 0; i < 2; i++) remember(this.tokens, (await this.freshToken()).accessToken);
    for (let i = 0; i < 3; i++) {
      const path = `/api/v1/issuers/${this.mainIssuer}/profiles/${this.mainProfile}/offers`;
      remember(this.referenceOffers, (await this.call('POST', path, { authMethod: 'PRE_AUTHORIZED', expiresInSeconds: -1 })).json.offerId);
    }
  }

  async dispose(): Promise<void> {
    await new Promise<void>((resolve) => (this.receiver ? this.receiver.close(() => resolve()) : resolve()));
  }

  issuerBody(id: string, keyId: string): Record<string, unknown> {
    return {
      id,
      display: [{ name: `Fuzz ${id}`, locale: 'en', logo: { uri: 'http://127.0.0.1:9/logo.png', alt_text: 'logo' } }],
      tokenKeyId: keyId,
      batchSize: 2,
      credentialConfigurations: credentialConfiguration(),
      authorization: { redirectUris: [WALLET_REDIRECT] },
    };
  }

  profileBody(keyId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'Fuzz identity',
      credentialConfigurationId: CONFIG_ID,
      issuerKeyId: keyId,
      credentialData: { given_name: 'Erika', family_name: 'Mustermann', address: { locality: 'Berlin', country: 'DE' }, age: 42 },
      selectiveDisclosure: {
        fields: { family_name: { sd: true }, address: { sd: false, children: { fields: { locality: { sd: true } } } } },
      },
      credentialStatus: { type: 'TokenStatusList', purpose: 'suspension' },
      validity: { validFor: '30d' },
      mapping: { id: '<uuid>', 'jwt:iat_copy': '<timestamp-seconds>' },
      notifications: { webhook: { url: this.webhookUrl, bearerToken: 'fuzz-bearer-token' } },
      ...extra,
    };
  }

  async newScratchKey(): Promise<string> {
    const keyId = (await this.call('POST', '/api/v1/keys', { type: 'secp256r1', name: 'fuzz scratch' })).json.keyId as string;
    remember(this.scratchKeys, keyId);
    return keyId;
  }

  async newScratchIssuer(): Promise<string> {
    const id = this.unique('fzs');
    await this.call('POST', '/api/v1/issuers', this.issuerBody(id, this.mainKey));
    remember(this.scratchIssuers, id);
    return id;
  }

  async newScratchProfile(): Promise<string> {
    const profileId = (await this.call('POST', `/api/v1/issuers/${this.mainIssuer}/profiles`, this.profileBody(this.mainKey))).json
      .profileId;
    remember(this.scratchProfiles, profileId);
    return profileId;
  }

  async newScratchDid(): Promise<string> {
    // A fresh key: a did:jwk is one per key, so a key that already has one would answer 409 (correctly).
    const key = await this.newScratchKey();
    const did = (await this.call('POST', '/api/v1/dids', { method: 'jwk', keyId: key })).json.did as string;
    remember(this.scratchDids, did);
    return did;
  }

  /** A pre-authorized offer with a tx_code, its code taken from the offer by value (no extra GET). */
  async freshOffer(issuerId = this.mainIssuer, profileId = this.mainProfile, keep = true, extra: Record<string, unknown> = {}) {
    const txCode = String(100000 + Math.floor(Math.random() * 899999));
    const offer = (
      await this.call('POST', `/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
        authMethod: 'PRE_AUTHORIZED',
        valueMode: 'BY_VALUE',
        txCode: { input_mode: 'numeric', length: 6, description: 'fuzz' },
        txCodeValue: txCode,
        expiresInSeconds: 3600,
        ...extra,
      })
    ).json as { offerId: string; sessionId: string; credentialOffer: string };
    const parsed = JSON.parse(new URL(offer.credentialOffer).searchParams.get('credential_offer')!) as {
      grants: Record<string, { 'pre-authorized_code': string }>;
    };
    if (keep) remember(this.pendingOffers, { offerId: offer.offerId, sessionId: offer.sessionId });
    return { ...offer, txCode, code: parsed.grants[PRE_AUTH_GRANT]['pre-authorized_code'] };
  }

  tokenForm(code: string, txCode: string): string {
    return formText(formPairs({ grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': code, tx_code: txCode }));
  }

  async freshToken(issuerId = this.mainIssuer, profileId = this.mainProfile): Promise<{ accessToken: string; sessionId: string }> {
    const offer = await this.freshOffer(issuerId, profileId, false);
    const token = await this.call('POST', `/issuers/${issuerId}/token`, this.tokenForm(offer.code, offer.txCode));
    return { accessToken: token.json.access_token as string, sessionId: offer.sessionId };
  }

  /** A session whose credential request waits in a deferred transaction (API.md §12): what credential-data decides. */
  async deferredSession(): Promise<string> {
    return (await this.deferredTransaction()).sessionId;
  }

  /** A pending deferred transaction with the access token that may poll it (`POST /deferred_credential`). */
  async deferredTransaction(): Promise<{ sessionId: string; accessToken: string; transactionId: string }> {
    const offer = await this.freshOffer(this.mainIssuer, this.mainProfile, false, { runtimeOverrides: { issuance: { mode: 'DEFERRED' } } });
    const token = await this.call('POST', `/issuers/${this.mainIssuer}/token`, this.tokenForm(offer.code, offer.txCode));
    const accessToken = token.json.access_token as string;
    const { body } = await this.credentialBody(await this.freshNonce(), 0);
    const answer = await this.call('POST', `/issuers/${this.mainIssuer}/credential`, body, [['Authorization', `Bearer ${accessToken}`]]);
    return { sessionId: offer.sessionId, accessToken, transactionId: answer.json.transaction_id as string };
  }

  /** A credential just issued: the access token and the `notification_id` the wallet reports its fate with. */
  async issuedCredential(): Promise<{ accessToken: string; notificationId: string }> {
    const { accessToken } = await this.freshToken();
    const { body } = await this.credentialBody(await this.freshNonce(), 0);
    const answer = await this.call('POST', `/issuers/${this.mainIssuer}/credential`, body, [['Authorization', `Bearer ${accessToken}`]]);
    return { accessToken, notificationId: answer.json.notification_id as string };
  }

  /** `/authorize` with the `request_uri` of a fresh pushed authorization request (RFC 9126 §4) for a profile with a login. */
  async authorizeTarget(byScope: boolean, profileId = this.loginProfile, issuerId = this.mainIssuer): Promise<string> {
    const form = await this.authorizationRequest(byScope, profileId, issuerId);
    const pushed = await this.call('POST', `/issuers/${issuerId}/par`, formText(form));
    return `/issuers/${issuerId}/authorize?${formText(formPairs({ client_id: 'fuzz-wallet', request_uri: pushed.json.request_uri }))}`;
  }

  /** A login waiting for the fuzz user's password: the path of its form (`/login/{loginId}`), reached through `/authorize`. */
  async pendingLogin(): Promise<string> {
    return this.redirect(await this.authorizeTarget(false));
  }

  /**
   * The form of a pushed authorization request (RFC 9126) for a fresh AUTHORIZED offer of a profile with a login (the
   * PASSWORD one unless named): its issuer_state, PKCE S256, the wallet's redirect URI, and the configuration by
   * authorization_details or scope.
   */
  async authorizationRequest(byScope: boolean, profileId = this.loginProfile, issuerId = this.mainIssuer): Promise<[string, string][]> {
    const offer = (
      await this.call('POST', `/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
        authMethod: 'AUTHORIZED',
        valueMode: 'BY_VALUE',
      })
    ).json as { credentialOffer: string };
    const grants = JSON.parse(new URL(offer.credentialOffer).searchParams.get('credential_offer')!).grants as {
      authorization_code: { issuer_state: string };
    };
    const verifier = randomBytes(32).toString('base64url');
    return formPairs({
      response_type: 'code',
      client_id: 'fuzz-wallet',
      redirect_uri: WALLET_REDIRECT,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      issuer_state: grants.authorization_code.issuer_state,
      state: randomBytes(8).toString('hex'),
      ...(byScope
        ? { scope: 'fuzz' }
        : { authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: CONFIG_ID }]) }),
    });
  }

  async freshNonce(issuerId = this.mainIssuer): Promise<string> {
    return (await this.call('POST', `/issuers/${issuerId}/nonce`)).json.c_nonce as string;
  }

  /** An access token for credential requests: reused (API.md §12 allows several requests per token), renewed now and then. */
  async accessToken(renew: boolean): Promise<string> {
    if (renew || !this.tokens.length) remember(this.tokens, (await this.freshToken()).accessToken);
    return this.tokens[this.tokens.length - 1];
  }

  /** An ES256 proof JWT (OID4VCI 1.0 Appendix F.1) with the slot that lets mutators re-sign it. */
  async proof(
    nonce: string,
    holderIndex: number,
    at: (string | number)[],
    issuerId = this.mainIssuer,
  ): Promise<{ jwt: string; slot: JwtSlot }> {
    const holder = this.holders[holderIndex % this.holders.length];
    const other = this.holders[(holderIndex + 1) % this.holders.length];
    const header = { alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: holder.publicJwk };
    const payload = { aud: `${this.publicUrl}/issuers/${issuerId}`, iat: Math.floor(Date.now() / 1000), nonce };
    const sign = (key: CryptoKey) => (h: Record<string, unknown>, p: Record<string, unknown>) =>
      new SignJWT(p).setProtectedHeader({ alg: 'ES256', ...h }).sign(key);
    const jwt = await sign(holder.privateKey)(header, payload);
    return { jwt, slot: { at, header, payload, sign: sign(holder.privateKey), signWithOtherKey: sign(other.privateKey) } };
  }

  async credentialBody(nonce: string, holderIndex: number, proofs = 1, issuerId = this.mainIssuer) {
    const jwts: string[] = [];
    let slot: JwtSlot | undefined;
    for (let i = 0; i < proofs; i++) {
      const made = await this.proof(nonce, holderIndex + i, ['proofs', 'jwt', i], issuerId);
      jwts.push(made.jwt);
      slot ??= made.slot;
    }
    return { body: { credential_configuration_id: CONFIG_ID, proofs: { jwt: jwts } }, slot: slot! };
  }

  /** A whole issuance by direct HTTP; returns the session id and records its credentials and status lists. */
  async completedSession(issuerId: string, profileId: string): Promise<string> {
    const { accessToken, sessionId } = await this.freshToken(issuerId, profileId);
    const nonce = await this.freshNonce(issuerId);
    const { body } = await this.credentialBody(nonce, 0, 1, issuerId);
    await this.call('POST', `/issuers/${issuerId}/credential`, body, [['Authorization', `Bearer ${accessToken}`]]);
    const session = (await this.call('GET', `/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).json as {
      credentials: { credentialId: string; status?: { uri: string } }[];
    };
    remember(this.sessions, { sessionId, credentialIds: session.credentials.map((c) => c.credentialId) });
    for (const credential of session.credentials) {
      const listId = credential.status?.uri.split('/status-lists/')[1];
      if (listId && !this.statusListIds.includes(listId)) remember(this.statusListIds, listId);
    }
    return sessionId;
  }

  /** Remembers what a successful fuzz request created, so later requests can use (or delete) it. */
  learn(template: string, status: number, json: any): void {
    if (status !== 201 || !json || typeof json !== 'object') return;
    if (template === 'POST /api/v1/keys' && typeof json.keyId === 'string') remember(this.scratchKeys, json.keyId);
    if (template === 'POST /api/v1/issuers' && typeof json.id === 'string') remember(this.scratchIssuers, json.id);
    if (template === 'POST /api/v1/issuers/{issuerId}/profiles' && typeof json.profileId === 'string' && json.issuerId === this.mainIssuer)
      remember(this.scratchProfiles, json.profileId);
    if (template === 'POST /api/v1/dids' && typeof json.did === 'string' && json.did.startsWith('did:jwk'))
      remember(this.scratchDids, json.did);
    if (template === 'POST /api/v1/issuers/{issuerId}/profiles/{profileId}/offers' && typeof json.offerId === 'string') {
      remember(this.pendingOffers, { offerId: json.offerId, sessionId: json.sessionId });
      if (typeof json.credentialOfferUri === 'string') remember(this.referenceOffers, json.offerId);
    }
  }
}

async function newHolder(): Promise<Holder> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateKey };
}
