import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { Agent, request } from 'node:http';
import { AdminClient, createSdJwtIssuer, startCluster, startStandalone, type RunningPlatform } from '@issuer/testing';

/**
 * `npm run bench`: the full pre-authorized flow of PRODUCT.md's performance bar, with N concurrent wallets:
 * offer create (admin) → offer GET → token with tx_code → nonce → credential with an ES256 proof (SD-JWT VC).
 * Prints credentials/s and per-step latency percentiles. BENCH_TARGET=cluster measures the distributed mode.
 * Env: BENCH_WALLETS (64), BENCH_SECONDS (20), BENCH_URL + BENCH_ADMIN_KEY to measure a running instance.
 */
const WALLETS = Number(process.env.BENCH_WALLETS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STEPS = ['offer', 'offerGet', 'token', 'nonce', 'credential'] as const;
type Step = (typeof STEPS)[number];

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function main(): Promise<void> {
  let platform: RunningPlatform | undefined;
  let baseUrl = process.env.BENCH_URL;
  let adminKey = process.env.BENCH_ADMIN_KEY;
  if (!baseUrl) {
    platform =
      process.env.BENCH_TARGET === 'cluster' ? await startCluster({ LOG_LEVEL: 'warn' }) : await startStandalone({ LOG_LEVEL: 'warn' });
    baseUrl = platform.baseUrl;
    adminKey = platform.adminKey;
  }
  const admin = new AdminClient(baseUrl, adminKey);
  const issuerId = `bench-${Date.now().toString(36)}`;
  const { profileId } = await createSdJwtIssuer(admin, { issuerId });
  const audience = `${baseUrl}/issuers/${issuerId}`;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const signingKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const proofHeader = b64({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk });
  // The load generator shares the machine's two cores with the platform, so it is kept cheap: node:http
  // with keep-alive instead of fetch, and node:crypto instead of WebCrypto for the proof signature.
  const signProof = (nonce: string) => {
    const input = `${proofHeader}.${b64({ aud: audience, nonce, iat: Math.floor(Date.now() / 1000) })}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const agent = new Agent({ keepAlive: true, maxSockets: WALLETS * 2 });
  const call = (method: string, url: string, headers: Record<string, string>, body?: string) =>
    new Promise<any>((resolve, reject) => {
      const req = request(
        url,
        { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`${res.statusCode} ${text}`));
            else resolve(JSON.parse(text));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies: Record<Step, number[]> = { offer: [], offerGet: [], token: [], nonce: [], credential: [] };
  let credentials = 0;
  let errors = 0;

  const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    latencies[step].push(performance.now() - start);
    return result;
  };

  const flow = async () => {
    const offer = await timed('offer', () =>
      call(
        'POST',
        `${baseUrl}/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`,
        { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        JSON.stringify({ authMethod: 'PRE_AUTHORIZED', txCode: { input_mode: 'numeric', length: 6 } }),
      ),
    );
    const credentialOffer = await timed('offerGet', () => call('GET', offer.credentialOfferUri, {}));
    const code = credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': code,
      tx_code: offer.txCodeValue,
    });
    const token = await timed('token', () =>
      call('POST', `${audience}/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString()),
    );
    const { c_nonce } = await timed('nonce', () => call('POST', `${audience}/nonce`, {}, ''));
    const body = JSON.stringify({ credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [signProof(c_nonce)] } });
    await timed('credential', () =>
      call('POST', `${audience}/credential`, { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body),
    );
    credentials++;
  };

  // Warm-up, then the measured window.
  await Promise.all(Array.from({ length: 8 }, flow));
  for (const step of STEPS) latencies[step].length = 0;
  credentials = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WALLETS }, async () => {
      while (performance.now() < deadline) {
        try {
          await flow();
        } catch (error) {
          if (errors++ < 3) console.error(String(error));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  console.log(`\n${process.env.BENCH_TARGET ?? 'standalone'}: ${WALLETS} wallets, ${elapsed.toFixed(1)} s`);
  console.log(`credentials/s: ${(credentials / elapsed).toFixed(0)}   credentials: ${credentials}   errors: ${errors}`);
  for (const step of STEPS) {
    const sorted = [...latencies[step]].sort((a, b) => a - b);
    console.log(`  ${step.padEnd(10)} p50 ${percentile(sorted, 50).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms`);
  }
  agent.destroy();
  await platform?.stop();
}

void main();
