import { generateKeyPair, exportJWK, SignJWT } from 'jose';
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
    platform = process.env.BENCH_TARGET === 'cluster' ? await startCluster({ LOG_LEVEL: 'warn' }) : await startStandalone({ LOG_LEVEL: 'warn' });
    baseUrl = platform.baseUrl;
    adminKey = platform.adminKey;
  }
  const admin = new AdminClient(baseUrl, adminKey);
  const issuerId = `bench-${Date.now().toString(36)}`;
  const { profileId } = await createSdJwtIssuer(admin, { issuerId });
  const audience = `${baseUrl}/issuers/${issuerId}`;
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const latencies: Record<Step, number[]> = { offer: [], offerGet: [], token: [], nonce: [], credential: [] };
  let credentials = 0;
  let errors = 0;

  const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    latencies[step].push(performance.now() - start);
    return result;
  };
  const json = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };

  const flow = async () => {
    const offer = await timed('offer', async () =>
      json(
        await fetch(`${baseUrl}/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ authMethod: 'PRE_AUTHORIZED', txCode: { input_mode: 'numeric', length: 6 } }),
        }),
      ),
    );
    const credentialOffer = await timed('offerGet', async () => json(await fetch(offer.credentialOfferUri)));
    const code = credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const token = await timed('token', async () =>
      json(
        await fetch(`${audience}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: offer.txCodeValue }),
        }),
      ),
    );
    const { c_nonce } = await timed('nonce', async () => json(await fetch(`${audience}/nonce`, { method: 'POST' })));
    const proof = await new SignJWT({ aud: audience, nonce: c_nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk }).setIssuedAt().sign(privateKey);
    await timed('credential', async () =>
      json(
        await fetch(`${audience}/credential`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [proof] } }),
        }),
      ),
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
  await platform?.stop();
}

void main();
