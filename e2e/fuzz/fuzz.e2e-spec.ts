import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTarget, type RunningPlatform } from '@issuer/testing';
import { runFuzz, type FuzzReport } from './runner';
import { groupFailures, summarize } from './summary';

/**
 * The fixed-seed fuzz run of CI (issue 11): valid requests of every admin route of the OpenAPI document
 * and every wallet endpoint, built from live resources, then mutated (types, structure, unicode, numbers,
 * prototype keys, content types, JWT damage, headers and paths, oversize bodies, bursts and delete
 * races). Every answer is judged; a failure prints its seed, request index and the exact request.
 * Longer runs with other seeds: `npm run fuzz -- --seed N --requests 20000`.
 */
const target = process.env.E2E_TARGET ?? 'standalone';
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);

describe(`fuzz: seed ${SEED}, ${REQUESTS} requests (${target})`, () => {
  let platform: RunningPlatform;
  let report: FuzzReport;

  before(async () => {
    // Loopback outbound calls allowed: the fuzz profiles send their webhooks to the fuzzer's own receiver.
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    report = await runFuzz({
      baseUrl: platform.baseUrl,
      adminKey: platform.adminKey,
      seed: SEED,
      requests: REQUESTS,
      maxDurationMs: 150_000,
    });
    console.log(summarize(platform.baseUrl, report, platform.adminKey));
  });
  after(async () => platform?.stop());

  it('starts from valid requests: every route answers its unmutated request with a 2xx (302 at the browser redirects)', () => {
    assert.deepEqual(report.baselineRefused, []);
  });

  it('fuzzes every wallet endpoint: the identity provider it starts is reachable, no route is skipped', () => {
    assert.deepEqual(report.skipped, []);
  });

  it('sent the requests it was asked to, over every route', () => {
    assert.equal(report.stoppedEarly, false, `stopped at the time limit after ${report.sent} requests`);
    assert.ok(report.sent >= REQUESTS, `${report.sent} requests sent`);
    assert.ok(Object.keys(report.perTemplate).length >= 50, `${Object.keys(report.perTemplate).length} routes fuzzed`);
    // A fuzzer that only provokes errors tests the error path; many mutated requests must still get through.
    const statuses = Object.entries(report.statusCounts);
    const accepted = statuses.filter(([s]) => Number(s) < 400).reduce((n, [, c]) => n + c, 0);
    assert.ok(accepted > REQUESTS / 5, `${accepted} requests accepted`);
  });

  it('every answer: no 5xx, no reset, x-request-id, errors in the format of their path, WWW-Authenticate on 401', () => {
    const groups = [...groupFailures(report.failures)].map(
      ([key, failures]) => `${failures.length}× ${key} (first: request #${failures[0].index})`,
    );
    assert.deepEqual(groups, [], 'see the reproductions printed above');
  });

  it('bursts and races keep their invariants (single-use codes and nonces, unique ids, nothing half-written)', () => {
    assert.deepEqual(
      report.scenarioProblems.map((p) => `#${p.index} ${p.name}: ${p.problems.join('; ')}`),
      [],
    );
  });

  it('resources no request was aimed at are unchanged', () => {
    assert.deepEqual(report.snapshotChanges, []);
  });

  it('a normal pre-authorized issuance with a tx_code still works afterwards', () => {
    assert.deepEqual(report.issuanceProblems, []);
  });
});
