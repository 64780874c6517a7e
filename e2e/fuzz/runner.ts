import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { adminTemplates, type OpenApiDocument } from './admin-corpus';
import { expectationOf, targetOf, toRequest, type Draft } from './draft';
import { guardEgress } from './egress-guard';
import { LiveLogins } from './live-logins';
import { LiveResources } from './live-resources';
import { chance, int, mutate, pick, type Gen, type Mutator } from './mutator';
import { BODY_MUTATORS } from './mutators-body';
import { ID_TOKEN_MUTATORS } from './mutators-id-token';
import { JWT_MUTATORS } from './mutators-jwt';
import { SCHEMA_MUTATORS } from './mutators-schema';
import { TRANSPORT_MUTATORS } from './mutators-transport';
import { responseExcerpt, type Failure } from './reproduction';
import { exchange, SCENARIOS, type Exchange } from './scenarios';
import { loginScenarios } from './scenarios-logins';
import { compareSnapshots, issuanceStillWorks, takeSnapshot } from './state-check';
import type { Template } from './template';
import { walletTemplates } from './wallet-corpus';
import { walletLoginTemplates } from './wallet-login-corpus';

/**
 * The fuzz run: valid requests of every route built from live resources, then mutated and sent one by
 * one, with a concurrent burst or delete race now and then; every answer is judged by the oracle, and
 * after the run the untouched resources and a normal issuance are checked. Case i of seed s is chosen by
 * a fast-check generator seeded from (s, i) alone, so the same seed makes the same choices.
 */
export interface FuzzOptions {
  baseUrl: string;
  adminKey: string;
  seed: number;
  /** Requests to send (fuzz cases and the requests of bursts and races; support calls not counted). */
  requests: number;
  /** Stop early after this long (the run then reports how far it got). */
  maxDurationMs?: number;
  /** Share of cases that are bursts or races. */
  scenarioRate?: number;
  log?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  cases: number;
  supportCalls: number;
  durationMs: number;
  failures: Failure[];
  /** Routes not fuzzed in this run, each with why (e.g. the platform cannot reach the fuzzer's identity provider). */
  skipped: string[];
  /** Valid requests (unmutated) that were not answered 2xx: the corpus is wrong, or the platform is. */
  baselineRefused: string[];
  scenarioProblems: { index: number; name: string; problems: string[] }[];
  snapshotChanges: string[];
  issuanceProblems: string[];
  statusCounts: Record<string, number>;
  perTemplate: Record<string, { sent: number; accepted: number; ms: number }>;
  stoppedEarly: boolean;
}

const ALL_MUTATORS: readonly Mutator[] = [
  ...BODY_MUTATORS,
  ...SCHEMA_MUTATORS,
  ...JWT_MUTATORS,
  ...ID_TOKEN_MUTATORS,
  ...TRANSPORT_MUTATORS,
];

/** The generator of case `index` of run `seed`: independent of every other case. */
export function caseGen(seed: number, index: number): Gen {
  const mixed = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  return fc.sample(fc.gen(), { seed: mixed, numRuns: 1 })[0];
}

function pickTemplate(g: Gen, templates: readonly Template[]): Template {
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  let roll = int(g, 0, total - 1);
  return templates.find((t) => (roll -= t.weight) < 0) ?? templates[0];
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const tag = `${(options.seed >>> 0).toString(36)}${randomBytes(2).toString('hex')}`;
  const live = new LiveResources(options.baseUrl, options.adminKey, tag);
  const logins = new LiveLogins(live);
  const report: FuzzReport = {
    seed: options.seed,
    sent: 0,
    cases: 0,
    supportCalls: 0,
    durationMs: 0,
    failures: [],
    skipped: [],
    baselineRefused: [],
    scenarioProblems: [],
    snapshotChanges: [],
    issuanceProblems: [],
    statusCounts: {},
    perTemplate: {},
    stoppedEarly: false,
  };
  const record = (index: number, kind: string, labels: string[], e: Exchange) => {
    report.sent++;
    const status = e.response?.status ?? 0;
    report.statusCounts[status] = (report.statusCounts[status] ?? 0) + 1;
    if (e.problems.length)
      report.failures.push({
        seed: options.seed,
        index,
        kind,
        labels,
        expect: e.expect,
        request: e.request,
        status: e.response?.status,
        responseExcerpt: responseExcerpt(e.response),
        problems: e.problems,
      });
  };

  try {
    const document = (await live.call('GET', '/api/openapi.json')).json as OpenApiDocument;
    await live.setup();
    await logins.setup();
    if (logins.idpUnavailable) {
      report.skipped.push(`GET /issuers/{issuerId}/idp-callback: no identity provider the platform can use: ${logins.idpUnavailable}`);
      log(`fuzz: note: /idp-callback is not fuzzed: ${logins.idpUnavailable}`);
    }
    const templates = [...adminTemplates(document), ...walletTemplates(), ...walletLoginTemplates(logins)];
    const scenarios = [...SCENARIOS, ...loginScenarios(logins)];
    const before = await takeSnapshot(live);
    log(`fuzz: seed ${options.seed}, ${templates.length} routes, ${options.requests} requests against ${options.baseUrl}`);

    // Baseline: each route's valid request once, unmutated: proves the corpus is valid before it is mutated.
    for (const [k, template] of templates.entries()) {
      const g = caseGen(options.seed, -1 - k);
      const sent = await sendCase(live, template, g, 0);
      if (!sent) continue;
      record(-1 - k, `baseline ${template.name}`, [], sent.exchange);
      const status = sent.exchange.response?.status ?? 0;
      const wrong = sent.exchange.response && template.validAnswer?.(sent.exchange.response);
      if ((!(status >= 200 && status < 300) && !(template.redirects && status === 302)) || wrong)
        report.baselineRefused.push(`${template.name}: ${wrong ?? responseExcerpt(sent.exchange.response) ?? 'no answer'}`);
    }

    const scenarioRate = options.scenarioRate ?? 0.03;
    for (let index = 0; report.sent < options.requests; index++) {
      if (options.maxDurationMs && Date.now() - started > options.maxDurationMs) {
        report.stoppedEarly = true;
        break;
      }
      report.cases++;
      const g = caseGen(options.seed, index);
      try {
        if (chance(g, scenarioRate)) {
          const scenario = pick(g, scenarios);
          const scenarioStarted = Date.now();
          const result = await scenario.run(live, g);
          const entry = (report.perTemplate[`scenario: ${scenario.name}`] ??= { sent: 0, accepted: 0, ms: 0 });
          entry.sent += result.exchanges.length;
          entry.ms += Date.now() - scenarioStarted;
          for (const e of result.exchanges) record(index, `scenario: ${result.name}`, [], e);
          if (result.problems.length) report.scenarioProblems.push({ index, name: result.name, problems: result.problems });
          continue;
        }
        const template = pickTemplate(g, templates);
        const mutations = chance(g, 0.08) ? 0 : pick(g, [1, 1, 1, 1, 2, 2, 2, 3]);
        const caseStarted = Date.now();
        const sent = await sendCase(live, template, g, mutations);
        if (!sent) continue;
        record(index, template.name, sent.draft.labels, sent.exchange);
        const entry = (report.perTemplate[template.name] ??= { sent: 0, accepted: 0, ms: 0 });
        entry.sent++;
        entry.ms += Date.now() - caseStarted;
        if ((sent.exchange.response?.status ?? 0) < 400) entry.accepted++;
      } catch (error) {
        log(`case ${index}: could not be built: ${(error as Error).message}`);
      }
      if (index % 250 === 0 && index > 0)
        log(`fuzz: ${report.sent} requests, ${report.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
    }

    report.snapshotChanges = compareSnapshots(before, await takeSnapshot(live));
    report.issuanceProblems = await issuanceStillWorks(live);
  } finally {
    report.supportCalls = live.supportCalls;
    for (const call of live.supportFailures)
      report.failures.push({
        seed: options.seed,
        index: -1,
        kind: 'support call (a valid request the fuzzer needed)',
        labels: [],
        expect: 'any',
        request: call.request,
        status: call.response?.status,
        responseExcerpt: responseExcerpt(call.response),
        problems: call.problems,
      });
    await logins.dispose();
    await live.dispose();
    report.durationMs = Date.now() - started;
  }
  return report;
}

/** Builds, mutates, sends and judges one case; undefined when a valid request could not be built. */
async function sendCase(
  live: LiveResources,
  template: Template,
  g: Gen,
  mutations: number,
): Promise<{ draft: Draft; exchange: Exchange } | undefined> {
  let draft: Draft;
  try {
    draft = await template.build(live, g);
  } catch {
    return undefined; // the support call that failed is reported as such
  }
  const validTarget = targetOf(draft);
  const mutators = ALL_MUTATORS.filter((m) => !template.excludeStages?.includes(m.stage));
  await mutate(draft, g, mutators, mutations);
  template.finalize?.(draft);
  const request = guardEgress(toRequest(draft), validTarget);
  const result = await exchange(live.baseUrl, request, expectationOf(draft));
  if (result.response) {
    let json: unknown;
    try {
      json = JSON.parse(result.response.body.toString('utf8'));
    } catch {
      /* not JSON */
    }
    live.learn(template.name, result.response.status, json);
  }
  await template.after?.(live).catch(() => undefined);
  return { draft, exchange: result };
}
