import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { Agent } from 'node:http';
import { httpCall } from './http-call';

/**
 * The load generator: N concurrent wallets, each running the pre-authorized flow of PRODUCT.md's bar in a loop
 * (offer create (admin) → offer GET → token with tx_code → nonce → credential with an ES256 proof), against the
 * platform or the in-memory baseline, which answer the same requests. It shares the machine with what it measures,
 * so it is kept cheap: node:http with keep-alive instead of fetch, node:crypto instead of WebCrypto for the proof.
 */

export const STEPS = ['offer', 'offerGet', 'token', 'nonce', 'credential'] as const;
export type Step = (typeof STEPS)[number];

export interface LoadTarget {
  baseUrl: string;
  adminKey: string;
  issuerId: string;
  profileId: string;
  credentialConfigurationId: string;
}

export interface LoadLimits {
  wallets: number;
  /** Stop starting flows after this many seconds... */
  seconds?: number;
  /** ...or after this many flows were started (the first limit reached wins). */
  flows?: number;
}

export interface LoadResult {
  credentials: number;
  /** TCP connections the wallets opened (keep-alive: about one per wallet and concurrent request). */
  connections: number;
  errors: number;
  firstErrors: string[];
  elapsedSeconds: number;
  latencies: Record<Step, number[]>;
}

export class LoadGenerator {
  private readonly agent: Agent;
  private readonly audience: string;
  private readonly signProof: (nonce: string) => string;
  private readonly sockets = new WeakSet<object>();
  private connections = 0;

  constructor(
    private readonly target: LoadTarget,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    this.audience = `${target.baseUrl}/issuers/${target.issuerId}`;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = b64({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: publicKey.export({ format: 'jwk' }) });
    this.signProof = (nonce) => {
      const input = `${header}.${b64({ aud: this.audience, nonce, iat: Math.floor(Date.now() / 1000) })}`;
      return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    };
  }

  private async call(method: string, url: string, headers: Record<string, string>, body?: string): Promise<any> {
    const answer = await httpCall(this.agent, method, url, headers, body, (socket) => {
      if (this.sockets.has(socket)) return;
      this.sockets.add(socket);
      this.connections++;
    });
    if (answer.status >= 300 || answer.status === 0) throw new Error(`${method} ${url}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body);
  }

  /** One wallet's flow; each step's latency goes to `latencies`. */
  async flow(latencies: Record<Step, number[]>): Promise<void> {
    const { baseUrl, adminKey, issuerId, profileId, credentialConfigurationId } = this.target;
    const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const result = await work();
      latencies[step].push(performance.now() - start);
      return result;
    };
    const offer = await timed('offer', () =>
      this.call(
        'POST',
        `${baseUrl}/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`,
        { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        JSON.stringify({ authMethod: 'PRE_AUTHORIZED', txCode: { input_mode: 'numeric', length: 6 } }),
      ),
    );
    const credentialOffer = await timed('offerGet', () => this.call('GET', offer.credentialOfferUri, {}));
    const code = credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': code,
      tx_code: offer.txCodeValue,
    });
    const token = await timed('token', () =>
      this.call('POST', `${this.audience}/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString()),
    );
    const { c_nonce } = await timed('nonce', () => this.call('POST', `${this.audience}/nonce`, {}, ''));
    const body = JSON.stringify({ credential_configuration_id: credentialConfigurationId, proofs: { jwt: [this.signProof(c_nonce)] } });
    const issued = await timed('credential', () =>
      this.call(
        'POST',
        `${this.audience}/credential`,
        { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body,
      ),
    );
    if (typeof issued?.credentials?.[0]?.credential !== 'string')
      throw new Error(`no credential in ${JSON.stringify(issued).slice(0, 200)}`);
  }

  /** Runs `limits.wallets` wallets until a limit is reached; a flow that fails counts as an error, not a credential. */
  async run(limits: LoadLimits): Promise<LoadResult> {
    const latencies = emptyLatencies();
    const connectionsBefore = this.connections;
    const firstErrors: string[] = [];
    let credentials = 0;
    let errors = 0;
    let started = 0;
    const begin = performance.now();
    const deadline = limits.seconds === undefined ? Infinity : begin + limits.seconds * 1000;
    const more = () => performance.now() < deadline && (limits.flows === undefined || started < limits.flows);
    await Promise.all(
      Array.from({ length: limits.wallets }, async () => {
        while (more()) {
          started++;
          try {
            await this.flow(latencies);
            credentials++;
          } catch (error) {
            errors++;
            if (firstErrors.length < 3) firstErrors.push(String(error));
          }
        }
      }),
    );
    return {
      credentials,
      connections: this.connections - connectionsBefore,
      errors,
      firstErrors,
      elapsedSeconds: (performance.now() - begin) / 1000,
      latencies,
    };
  }

  close(): void {
    this.agent.destroy();
  }
}

export function emptyLatencies(): Record<Step, number[]> {
  return { offer: [], offerGet: [], token: [], nonce: [], credential: [] };
}
