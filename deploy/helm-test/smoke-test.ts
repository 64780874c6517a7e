import { randomBytes } from 'node:crypto';
import { connect } from 'nats';

/**
 * `helm test`: checks a fresh install end to end from inside the cluster, and exits non-zero naming the first
 * failed check. Reads ISSUER_API_URL (the in-cluster Service), PUBLIC_URL, ADMIN_API_KEYS (first key used),
 * NATS_URL and SERVICES (the bus names to ping).
 *  1. issuer-api /health/ready answers 200 (its database and NATS are up).
 *  2. Bus round trip: every service answers `<service>.health.ping.v1` over NATS (request/reply via its queue group).
 *  3. Issuer metadata: a throw-away issuer is created over the admin API, its OID4VCI metadata is served at
 *     /.well-known/openid-credential-issuer/issuers/<id> with credential_issuer = PUBLIC_URL/issuers/<id>, and
 *     GET /api/v1/keys answers (issuer-api → kms over the bus). The issuer is deleted again.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function main(): Promise<void> {
  const api = required('ISSUER_API_URL').replace(/\/+$/, '');
  const publicUrl = required('PUBLIC_URL').replace(/\/+$/, '');
  const adminKey = required('ADMIN_API_KEYS').split(',')[0].trim();
  const services = required('SERVICES')
    .split(',')
    .map((s) => s.trim());
  const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

  const ready = await fetch(`${api}/health/ready`);
  check(ready.status === 200, `issuer-api /health/ready answered ${ready.status}: ${await ready.text()}`);
  console.log('ok  issuer-api is ready');

  const nc = await connect({ servers: required('NATS_URL').split(','), name: 'helm-test', timeout: 5000 });
  try {
    for (const service of services) {
      const reply = await nc
        .request(`${service}.health.ping.v1`, new TextEncoder().encode('{}'), { timeout: 5000 })
        .catch((error: Error) => {
          throw new Error(`${service} did not answer ${service}.health.ping.v1 over NATS (${error.message}: no responders or timeout)`);
        });
      const body = JSON.parse(new TextDecoder().decode(reply.data)) as { ok?: boolean; data?: { service?: string } };
      check(body.ok === true && body.data?.service === service, `${service} answered the bus ping with ${JSON.stringify(body)}`);
      console.log(`ok  ${service} answers over the bus`);
    }
  } finally {
    await nc.close();
  }

  const keys = await fetch(`${api}/api/v1/keys`, { headers: admin });
  check(keys.status === 200, `GET /api/v1/keys (issuer-api → kms) answered ${keys.status}`);
  console.log('ok  admin API reaches kms over the bus');

  const issuerId = `helm-test-${randomBytes(4).toString('hex')}`;
  const created = await fetch(`${api}/api/v1/issuers`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      id: issuerId,
      display: [{ name: 'helm test', locale: 'en' }],
      credentialConfigurations: {
        smoke: {
          format: 'dc+sd-jwt',
          cryptographic_binding_methods_supported: ['jwk'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: { display: [{ name: 'Smoke test' }] },
        },
      },
    }),
  });
  check(created.status === 201, `POST /api/v1/issuers answered ${created.status}: ${await created.text()}`);
  try {
    const metadata = await fetch(`${api}/.well-known/openid-credential-issuer/issuers/${issuerId}`);
    check(metadata.status === 200, `issuer metadata answered ${metadata.status}`);
    const body = (await metadata.json()) as Record<string, unknown>;
    check(body.credential_issuer === `${publicUrl}/issuers/${issuerId}`, `credential_issuer is ${String(body.credential_issuer)}`);
    check(typeof body.credential_endpoint === 'string', 'credential_endpoint is missing');
    check(body.credential_configurations_supported && typeof body.credential_configurations_supported === 'object', 'no configurations');
    console.log(`ok  issuer metadata served for ${publicUrl}/issuers/${issuerId}`);
  } finally {
    const deleted = await fetch(`${api}/api/v1/issuers/${issuerId}`, { method: 'DELETE', headers: { authorization: admin.authorization } });
    check(deleted.status === 204, `DELETE /api/v1/issuers/${issuerId} answered ${deleted.status}`);
  }
}

main().then(
  () => console.log('helm test passed'),
  (error: unknown) => {
    console.error(`helm test failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
