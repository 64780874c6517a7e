import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki } from '../test-support/pki.helper';
import { CLIENT_ID, NONCE, NOW } from '../test-support/sd-jwt.fixture';
import type { MdocPresentationVerifier, MdocVerificationContext, MdocVerificationResult } from './mdoc-verifier.type';
import { verifyVpTokenResponse, type VpTokenVerificationOptions } from './vp-token.verifier';

const MDL = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const RESPONSE_URI = `${CLIENT_ID}/direct_post`;
const QUERY = {
  credentials: [
    {
      id: 'mdl',
      format: 'mso_mdoc',
      meta: { doctype_value: MDL },
      claims: [{ path: [NS, 'family_name'] }, { path: [NS, 'age_over_18'], values: [true] }],
    },
  ],
};

/** A stand-in for src/mdoc: records what it was asked and answers a fixed result (the contract, not ISO 18013-5). */
function fakeMdoc(
  result: MdocVerificationResult,
): MdocPresentationVerifier & { calls: { presentation: string; context: MdocVerificationContext }[] } {
  const calls: { presentation: string; context: MdocVerificationContext }[] = [];
  return {
    calls,
    async verifyDeviceResponse(presentation, context) {
      calls.push({ presentation, context });
      return result;
    },
  };
}

const verified = (claims: Record<string, unknown>, docType = MDL): MdocVerificationResult => ({
  verified: true,
  documents: [{ docType, claims: { [NS]: claims } }],
});

async function run(mdoc: MdocPresentationVerifier | undefined, extra: Partial<VpTokenVerificationOptions> = {}) {
  const pki = await createTestPki(NOW);
  return verifyVpTokenResponse(
    { mdl: ['o2d2ZXJzaW9uYzEuMA'] },
    {
      dcqlQuery: QUERY,
      clientId: CLIENT_ID,
      nonce: NONCE,
      now: NOW,
      responseUri: RESPONSE_URI,
      trustedIssuers: [pki.rootPem],
      ...(mdoc ? { mdoc } : {}),
      ...extra,
    },
  );
}

describe('verifyVpTokenResponse with mso_mdoc (delegated to the mdoc verifier)', () => {
  it('passes the presentation, the request binding and the trusted certificates, and returns the namespaces', async () => {
    const mdoc = fakeMdoc(verified({ family_name: 'Mustermann', age_over_18: true, portrait: 'x' }));
    const result = await run(mdoc);
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) assert.deepEqual(result.claims['mdl'], { [NS]: { family_name: 'Mustermann', age_over_18: true, portrait: 'x' } });
    const [call] = mdoc.calls;
    assert.equal(call?.presentation, 'o2d2ZXJzaW9uYzEuMA');
    assert.equal(call?.context.clientId, CLIENT_ID);
    assert.equal(call?.context.nonce, NONCE);
    assert.equal(call?.context.responseUri, RESPONSE_URI);
    assert.equal(call?.context.trustedCertificates.length, 1);
    assert.match(call?.context.trustedCertificates[0] ?? '', /BEGIN CERTIFICATE/);
  });

  it('refuses what DCQL does not accept: another doctype, a missing element, a value not asked for', async () => {
    for (const result of [
      verified({ family_name: 'M', age_over_18: true }, 'org.example.other'),
      verified({ age_over_18: true }),
      verified({ family_name: 'M', age_over_18: false }),
    ]) {
      const outcome = await run(fakeMdoc(result));
      assert.equal(outcome.verified, false);
      if (!outcome.verified) assert.equal(outcome.reason, 'dcql_not_satisfied', outcome.description);
    }
  });

  it("passes the mdoc verifier's refusal on with its code", async () => {
    const outcome = await run(
      fakeMdoc({ verified: false, error: 'access_denied', description: 'issuerAuth does not chain to a trusted IACA' }),
    );
    assert.equal(outcome.verified, false);
    if (!outcome.verified) {
      assert.equal(outcome.error, 'access_denied');
      assert.match(outcome.description, /IACA/);
    }
  });

  it('refuses mso_mdoc without an mdoc verifier, and needs the response_uri', async () => {
    const outcome = await run(undefined);
    assert.equal(outcome.verified, false);
    if (!outcome.verified) assert.equal(outcome.reason, 'unsupported');
    await assert.rejects(run(fakeMdoc(verified({ family_name: 'M', age_over_18: true })), { responseUri: undefined }), TypeError);
  });
});
