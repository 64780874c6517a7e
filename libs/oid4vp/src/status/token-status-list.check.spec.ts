import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newKey, statusListToken, type TestKey } from '../test-support/holder.helper';
import { CLIENT_ID, issuePid, NONCE, NOW, nowSeconds, PID_QUERY, presentPid } from '../test-support/sd-jwt.fixture';
import { verifyVpTokenResponse, type VpTokenVerificationOptions } from '../vp-token/vp-token.verifier';

const URI = 'https://pid-provider.example/statuslists/7';
const IDX = 12;

/** A PID with a Token Status List reference, presented with KB-JWT, and the options to verify it. */
async function presentedWithStatus(fetchStatusList?: (issuerKey: TestKey) => VpTokenVerificationOptions['fetchStatusList']) {
  const scenario = await issuePid({ payload: { status: { status_list: { idx: IDX, uri: URI } } } });
  const options: VpTokenVerificationOptions = {
    dcqlQuery: PID_QUERY,
    clientId: CLIENT_ID,
    nonce: NONCE,
    now: NOW,
    trustedIssuers: [scenario.issuerKey.publicJwk],
    ...(fetchStatusList ? { fetchStatusList: fetchStatusList(scenario.issuerKey) } : {}),
  };
  return { vpToken: { pid: [await presentPid(scenario)] }, options };
}

/** A list of 32 entries with `value` at IDX, served for URI only. */
function listWith(value: number, bits: 1 | 2 | 4 | 8, overrides: { key?: TestKey; sub?: string; exp?: number; typ?: string } = {}) {
  return (issuerKey: TestKey) => async (uri: string) => {
    assert.equal(uri, URI);
    const statuses = Array.from({ length: 32 }, (_, i) => (i === IDX ? value : 0));
    return statusListToken(overrides.key ?? issuerKey, {
      uri,
      bits,
      statuses,
      iat: nowSeconds - 60,
      exp: overrides.exp ?? nowSeconds + 3600,
      ...(overrides.sub ? { sub: overrides.sub } : {}),
      ...(overrides.typ ? { header: { typ: overrides.typ } } : {}),
    });
  };
}

async function expectRefused(input: Awaited<ReturnType<typeof presentedWithStatus>>, reason: string, error: string) {
  const result = await verifyVpTokenResponse(input.vpToken, input.options);
  assert.equal(result.verified, false, 'expected a refusal');
  if (!result.verified) {
    assert.equal(result.reason, reason, result.description);
    assert.equal(result.error, error);
  }
}

describe('Token Status List check of presented SD-JWT VCs', () => {
  it('accepts a credential whose status is VALID (1-bit and 2-bit lists)', async () => {
    for (const bits of [1, 2] as const) {
      const input = await presentedWithStatus(listWith(0, bits));
      const result = await verifyVpTokenResponse(input.vpToken, input.options);
      assert.ok(result.verified, JSON.stringify(result));
    }
  });

  it('refuses a revoked credential (bit set) and a suspended one (0x02)', async () => {
    await expectRefused(await presentedWithStatus(listWith(1, 1)), 'credential_revoked', 'access_denied');
    await expectRefused(await presentedWithStatus(listWith(2, 2)), 'credential_suspended', 'access_denied');
    await expectRefused(await presentedWithStatus(listWith(3, 2)), 'credential_status_invalid', 'access_denied');
  });

  it('accepts a status list signed by another key of a trusted issuer', async () => {
    const statusKey = await newKey();
    const input = await presentedWithStatus(listWith(0, 1, { key: statusKey }));
    const trusted = [...(input.options.trustedIssuers as unknown[]), statusKey.publicJwk];
    assert.ok((await verifyVpTokenResponse(input.vpToken, { ...input.options, trustedIssuers: trusted })).verified);
  });

  it('fails closed: untrusted list signer, sub mismatch, expired list, wrong typ, fetch failure, no fetcher', async () => {
    await expectRefused(
      await presentedWithStatus(listWith(0, 1, { key: await newKey() })),
      'status_unavailable',
      'temporarily_unavailable',
    );
    await expectRefused(
      await presentedWithStatus(listWith(0, 1, { sub: `${URI}/other` })),
      'status_unavailable',
      'temporarily_unavailable',
    );
    await expectRefused(
      await presentedWithStatus(listWith(0, 1, { exp: nowSeconds - 10 })),
      'status_unavailable',
      'temporarily_unavailable',
    );
    await expectRefused(await presentedWithStatus(listWith(0, 1, { typ: 'JWT' })), 'status_unavailable', 'temporarily_unavailable');
    const failing = () => async () => {
      throw new Error('ECONNREFUSED');
    };
    await expectRefused(await presentedWithStatus(failing), 'status_unavailable', 'temporarily_unavailable');
    await expectRefused(await presentedWithStatus(), 'status_unavailable', 'temporarily_unavailable');
  });

  it('refuses an index outside the list', async () => {
    const shortList = (issuerKey: TestKey) => async (uri: string) =>
      statusListToken(issuerKey, { uri, bits: 1, statuses: [0, 0, 0, 0, 0, 0, 0, 0], iat: nowSeconds });
    await expectRefused(await presentedWithStatus(shortList), 'credential_status_invalid', 'access_denied');
  });
});
