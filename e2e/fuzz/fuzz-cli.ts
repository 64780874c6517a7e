import { randomInt } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startStandalone, type RunningPlatform } from '@issuer/testing';
import { judge } from './oracle';
import { ADMIN_KEY_MARK, requestFromJson, requestJson, responseExcerpt, swapAdminKey } from './reproduction';
import { runFuzz } from './runner';
import { exchange } from './scenarios';
import { summarize } from './summary';

/**
 * `npm run fuzz -- --seed N --requests 20000 [--url http://127.0.0.1:3000 --admin-key K] [--out failures.jsonl]`
 * runs the fuzzer against a standalone platform it starts itself (or a running one), prints the summary
 * and a reproduction per failure group, and writes every failure as a JSON line. `--replay file.jsonl`
 * sends the requests of such a file again and judges the answers.
 */
const HELP = `usage: npm run fuzz -- [--seed N] [--requests N] [--url URL --admin-key KEY] [--time-limit SECONDS] [--out FILE] [--replay FILE]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      requests: { type: 'string', default: '2000' },
      url: { type: 'string' },
      'admin-key': { type: 'string' },
      'time-limit': { type: 'string' },
      out: { type: 'string', default: 'fuzz-failures.jsonl' },
      replay: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let platform: RunningPlatform | undefined;
  let baseUrl = values.url;
  let adminKey = values['admin-key'] ?? process.env.ADMIN_API_KEY;
  if (!baseUrl) {
    console.log('fuzz: starting a standalone platform (embedded PostgreSQL, temporary DATA_DIR)…');
    // Loopback outbound calls allowed: profiles get webhooks to the fuzzer's own receiver.
    platform = await startStandalone({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    // Ctrl-C or a kill must not leave the platform (and its embedded PostgreSQL) running.
    const started = platform;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void started.stop().finally(() => process.exit(130)));
    baseUrl = platform.baseUrl;
    adminKey = platform.adminKey;
  } else if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(baseUrl)) {
    console.error('fuzz: --url must be a loopback address (the fuzzer only sends traffic to this machine)');
    return 2;
  }
  if (!adminKey) {
    console.error('fuzz: --admin-key (or ADMIN_API_KEY) is required with --url');
    return 2;
  }
  baseUrl = baseUrl.replace(/\/$/, '');
  try {
    if (values.replay) return await replay(baseUrl, adminKey, values.replay);
    const seed = values.seed !== undefined ? Number(values.seed) : randomInt(2 ** 31);
    const requests = Number(values.requests);
    if (!Number.isInteger(seed) || !Number.isInteger(requests) || requests < 1) {
      console.error(HELP);
      return 2;
    }
    const report = await runFuzz({
      baseUrl,
      adminKey,
      seed,
      requests,
      maxDurationMs: values['time-limit'] ? Number(values['time-limit']) * 1000 : undefined,
      log: (line) => console.log(line),
    });
    console.log(summarize(baseUrl, report, adminKey));
    await writeFile(
      values.out!,
      report.failures
        .map((f) => JSON.stringify({ ...f, request: requestJson(swapAdminKey(f.request, adminKey!, ADMIN_KEY_MARK)) }))
        .join('\n') + (report.failures.length ? '\n' : ''),
    );
    console.log(
      `\nfuzz: every failure as a JSON line in ${values.out} (send them again with --replay ${values.out} --url … --admin-key …)`,
    );
    const clean =
      !report.failures.length && !report.scenarioProblems.length && !report.snapshotChanges.length && !report.issuanceProblems.length;
    console.log(clean ? `fuzz: seed ${seed} ran clean` : `fuzz: seed ${seed} FAILED`);
    return clean ? 0 : 1;
  } finally {
    if (platform) {
      if (process.env.FUZZ_PLATFORM_LOG) console.log(platform.output().slice(-20000));
      await platform.stop();
    }
  }
}

/** Sends the requests of a failures file again, with the given admin key where the file says <admin-key>. */
async function replay(baseUrl: string, adminKey: string, file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  let failed = 0;
  for (const line of lines) {
    const failure = JSON.parse(line) as { index: number; seed: number; expect: string | number; request: Record<string, unknown> };
    const request = swapAdminKey(requestFromJson(failure.request), ADMIN_KEY_MARK, adminKey);
    const result = await exchange(baseUrl, request, failure.expect as never);
    const problems = result.response ? judge(request.method, request.target, failure.expect as never, result.response) : result.problems;
    if (problems.length) failed++;
    console.log(
      `${problems.length ? '✗' : '✓'} seed ${failure.seed} #${failure.index} ${request.method} ${request.target.slice(0, 100)}: ${problems.join('; ') || 'ok'} — ${responseExcerpt(result.response) ?? ''}`,
    );
  }
  console.log(`replay: ${failed} of ${lines.length} still fail`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
