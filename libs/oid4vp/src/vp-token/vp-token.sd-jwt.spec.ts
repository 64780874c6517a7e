import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newKey, signJws } from '../test-support/holder.helper';
import { CLIENT_ID, issuePid, NONCE, NOW, nowSeconds, PID_QUERY, presentPid, VCT } from '../test-support/sd-jwt.fixture';
import { verifyVpTokenResponse, type VpTokenVerificationOptions } from './vp-token.verifier';

function optionsFor(issuerJwk: Record<string, unknown>, extra: Partial<VpTokenVerificationOptions> = {}): VpTokenVerificationOptions {
  return { dcqlQuery: PID_QUERY, clientId: CLIENT_ID, nonce: NONCE, now: NOW, trustedIssuers: [issuerJwk], ...extra };
}

async function expectRefused(vpToken: unknown, options: VpTokenVerificationOptions, reason: string, error = 'invalid_request') {
  const result = await verifyVpTokenResponse(vpToken, options);
  assert.equal(result.verified, false, 'expected a refusal');
  if (!result.verified) {
    assert.equal(result.reason, reason, result.description);
    assert.equal(result.error, error, result.description);
  }
}

/** Replaces one disclosure of a presentation by a re-encoded one with another value (same salt and name). */
function tamperDisclosure(presentation: string, name: string, value: unknown): string {
  const parts = presentation.split('~');
  const index = parts.findIndex(
    (part, i) => i > 0 && i < parts.length - 1 && JSON.parse(Buffer.from(part, 'base64url').toString())[1] === name,
  );
  const [salt] = JSON.parse(Buffer.from(parts[index]!, 'base64url').toString());
  parts[index] = Buffer.from(JSON.stringify([salt, name, value])).toString('base64url');
  return parts.join('~');
}

describe('verifyVpTokenResponse with dc+sd-jwt', () => {
  it('accepts a presentation with KB-JWT and returns the disclosed claims nested as in the credential', async () => {
    const scenario = await issuePid();
    const result = await verifyVpTokenResponse({ pid: [await presentPid(scenario)] }, optionsFor(scenario.issuerKey.publicJwk));
    assert.ok(result.verified, JSON.stringify(result));
    if (!result.verified) return;
    const claims = result.claims['pid']!;
    assert.equal(claims['given_name'], 'Erika');
    assert.deepEqual(claims['address'], { locality: 'Berlin' });
    assert.deepEqual(claims['nationalities'], ['DE']);
    assert.equal(claims['family_name'], undefined, 'undisclosed claims stay hidden');
    assert.equal(claims['vct'], VCT);
    assert.equal(claims['_sd'], undefined);
    assert.equal(claims['_sd_alg'], undefined);
  });

  it('accepts the vp_token as the JSON text of a direct_post form and the legacy vc+sd-jwt typ', async () => {
    const scenario = await issuePid({ header: { typ: 'vc+sd-jwt' } });
    const vpToken = JSON.stringify({ pid: [await presentPid(scenario)] });
    const result = await verifyVpTokenResponse(vpToken, optionsFor(scenario.issuerKey.publicJwk));
    assert.ok(result.verified, JSON.stringify(result));
  });

  it('refuses a KB-JWT with the wrong nonce or audience, or too old', async () => {
    const scenario = await issuePid();
    const options = optionsFor(scenario.issuerKey.publicJwk);
    await expectRefused({ pid: [await presentPid(scenario, { kb: { nonce: 'other-nonce' } })] }, options, 'nonce_mismatch');
    await expectRefused({ pid: [await presentPid(scenario, { kb: { aud: 'https://verifier.example' } })] }, options, 'audience_mismatch');
    await expectRefused({ pid: [await presentPid(scenario, { kb: { iat: nowSeconds - 3600 } })] }, options, 'expired');
    await expectRefused({ pid: [await presentPid(scenario, { kb: { iat: nowSeconds + 3600 } })] }, options, 'not_yet_valid');
  });

  it('refuses a missing KB-JWT, a KB-JWT signed by another key, and an sd_hash over other disclosures', async () => {
    const scenario = await issuePid();
    const options = optionsFor(scenario.issuerKey.publicJwk);
    await expectRefused({ pid: [await presentPid(scenario, { kb: false })] }, options, 'holder_binding_missing');
    await expectRefused({ pid: [await presentPid(scenario, { kbKey: await newKey('EdDSA') })] }, options, 'holder_binding_invalid');
    // Dropping a disclosure after the KB-JWT was made leaves valid disclosures but a stale sd_hash.
    const presentation = await presentPid(scenario);
    const parts = presentation.split('~');
    const withoutOne = [parts[0], ...parts.slice(2)].join('~');
    await expectRefused({ pid: [withoutOne] }, options, 'sd_hash_mismatch');
  });

  it('refuses a KB-JWT with another typ', async () => {
    const scenario = await issuePid();
    const presentation = await presentPid(scenario, { kb: false });
    const kb = await signJws(scenario.holderKey, { typ: 'JWT' }, { aud: CLIENT_ID, nonce: NONCE, iat: nowSeconds, sd_hash: 'x' });
    await expectRefused({ pid: [`${presentation}${kb}`] }, optionsFor(scenario.issuerKey.publicJwk), 'holder_binding_invalid');
  });

  it('refuses a tampered disclosure and a disclosure from another credential', async () => {
    const scenario = await issuePid();
    const options = optionsFor(scenario.issuerKey.publicJwk);
    const presentation = await presentPid(scenario);
    await expectRefused({ pid: [tamperDisclosure(presentation, 'given_name', 'Eve')] }, options, 'invalid_disclosure');
    const other = await issuePid({ issuerKey: scenario.issuerKey, holderKey: scenario.holderKey, payload: { given_name: 'Mallory' } });
    const foreign = other.credential
      .split('~')
      .find((d, i) => i > 0 && d && JSON.parse(Buffer.from(d, 'base64url').toString())[1] === 'family_name')!;
    const parts = presentation.split('~');
    parts.splice(1, 0, foreign);
    await expectRefused({ pid: [parts.join('~')] }, options, 'invalid_disclosure');
  });

  it('refuses an issuer signature that does not verify and an untrusted issuer', async () => {
    const scenario = await issuePid();
    const presentation = await presentPid(scenario);
    const [jwt, ...rest] = presentation.split('~');
    const [h, p, s] = jwt!.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), vct: 'urn:other' })).toString('base64url')}.${s}`;
    await expectRefused(
      { pid: [[forged, ...rest].join('~')] },
      optionsFor(scenario.issuerKey.publicJwk),
      'untrusted_issuer',
      'access_denied',
    );
    await expectRefused({ pid: [presentation] }, optionsFor((await newKey()).publicJwk), 'untrusted_issuer', 'access_denied');
    await expectRefused(
      { pid: [presentation] },
      optionsFor(scenario.issuerKey.publicJwk, { trustedIssuers: [] }),
      'untrusted_issuer',
      'access_denied',
    );
  });

  it('refuses an expired or not yet valid credential and one without cnf', async () => {
    const options = async (payload: Record<string, unknown>) => {
      const scenario = await issuePid({ payload });
      return [{ pid: [await presentPid(scenario)] }, optionsFor(scenario.issuerKey.publicJwk)] as const;
    };
    await expectRefused(...(await options({ exp: nowSeconds - 3600 })), 'expired');
    await expectRefused(...(await options({ nbf: nowSeconds + 3600 })), 'not_yet_valid');
    const unbound = await issuePid({ payload: { cnf: undefined } });
    await expectRefused({ pid: [await presentPid(unbound)] }, optionsFor(unbound.issuerKey.publicJwk), 'holder_binding_missing');
  });

  it('refuses a presentation that does not satisfy the DCQL query: missing claim, wrong vct', async () => {
    const scenario = await issuePid();
    const options = optionsFor(scenario.issuerKey.publicJwk);
    await expectRefused(
      { pid: [await presentPid(scenario, { frame: { given_name: true } })] },
      options,
      'dcql_not_satisfied',
      'access_denied',
    );
    const otherType = await issuePid({ payload: { vct: 'urn:example:diploma:1' } });
    await expectRefused(
      { pid: [await presentPid(otherType)] },
      optionsFor(otherType.issuerKey.publicJwk),
      'dcql_not_satisfied',
      'access_denied',
    );
  });

  it('refuses a vp_token that is no object, names an unknown query, misses a query, or has two presentations without multiple', async () => {
    const scenario = await issuePid();
    const options = optionsFor(scenario.issuerKey.publicJwk);
    const presentation = await presentPid(scenario);
    await expectRefused('not json', options, 'malformed');
    await expectRefused([presentation], options, 'malformed');
    await expectRefused({ pid: [presentation], other: [presentation] }, options, 'malformed');
    await expectRefused({ pid: [presentation, presentation] }, options, 'malformed');
    const twoQueries = { credentials: [...PID_QUERY.credentials, { ...PID_QUERY.credentials[0], id: 'pid2' }] };
    await expectRefused({ pid: [presentation] }, { ...options, dcqlQuery: twoQueries }, 'dcql_not_satisfied', 'access_denied');
  });

  it('treats an invalid configured DCQL query or trusted issuer list as a configuration error (throws)', async () => {
    const scenario = await issuePid();
    const presentation = await presentPid(scenario);
    await assert.rejects(
      verifyVpTokenResponse({ pid: [presentation] }, { ...optionsFor(scenario.issuerKey.publicJwk), dcqlQuery: { credentials: [] } }),
      TypeError,
    );
    await assert.rejects(
      verifyVpTokenResponse({ pid: [presentation] }, { ...optionsFor(scenario.issuerKey.publicJwk), trustedIssuers: ['nonsense'] }),
      TypeError,
    );
  });
});
