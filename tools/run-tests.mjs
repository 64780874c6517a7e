// Runs the compiled test files of the named layers with node's built-in test runner and prints
// "N passed, M failed" per layer and in total. Layers:
//   unit            *.spec.ts next to the code (no external services), tools/ included
//   integration     *.int-spec.ts (real PostgreSQL at DATABASE_URL and NATS at NATS_URL)
//   e2e-standalone  e2e/*.e2e-spec.ts against the standalone process (embedded PostgreSQL, in-process bus)
//   e2e-cluster     the same suite against the services as separate processes over NATS
//   chart           deploy/chart-tests/*.chart-spec.ts: helm lint/template of helm/issuer-platform (no cluster needed)
// The unit layer also runs the console's component tests (apps/console/src/**/*.spec.tsx) with Vitest, which builds
// React, CSS and browser-only modules the way the console's bundle does; their counts join the layer's.
// Usage: node tools/run-tests.mjs <layer>... [--filter <path substring>]
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
const layers = args.length ? args : ['unit'];

// Each end-to-end file starts a platform of its own (own data directory, database and, in the cluster, NATS server),
// so two files can run at once: much of a file's time is spent waiting for processes to start and stop, and two at
// a time halve the layers' wall time on two cores (e2e standalone 10.5 -> 5 min, cluster 15 -> 9.5). E2E_CONCURRENCY
// overrides it (1 to read one file's output at a time).
const E2E_CONCURRENCY = Number(process.env.E2E_CONCURRENCY || 2);
if (!Number.isInteger(E2E_CONCURRENCY) || E2E_CONCURRENCY < 1) throw new Error('E2E_CONCURRENCY: a whole number of at least 1');

const LAYERS = {
  unit: {
    dirs: ['apps', 'libs', 'deploy', 'tools'],
    suffix: '.spec.ts',
    exclude: ['.int-spec.ts', '.e2e-spec.ts'],
    skipDirs: ['apps/console'],
    concurrency: 2,
    vitest: 'apps/console',
  },
  integration: { dirs: ['apps', 'libs', 'e2e', 'tools'], suffix: '.int-spec.ts', concurrency: 1 },
  'e2e-standalone': { dirs: ['e2e'], suffix: '.e2e-spec.ts', concurrency: E2E_CONCURRENCY, env: { E2E_TARGET: 'standalone' } },
  'e2e-cluster': { dirs: ['e2e'], suffix: '.e2e-spec.ts', concurrency: E2E_CONCURRENCY, env: { E2E_TARGET: 'cluster' } },
  chart: { dirs: ['deploy'], suffix: '.chart-spec.ts', concurrency: 1 },
};

async function findFiles(dir, suffix, exclude = [], skipDirs = []) {
  const found = [];
  let entries = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (skipDirs.some((skip) => full === join(root, skip))) continue;
    if (entry.isDirectory()) found.push(...(await findFiles(full, suffix, exclude, skipDirs)));
    else if (entry.name.endsWith(suffix) && !exclude.some((e) => entry.name.endsWith(e))) found.push(full);
  }
  return found;
}

function runLayer(name, files, layer) {
  const tapFile = join(root, '.test-results', `${name}.${process.pid}.tap`);
  const compiled = files.map((f) => join(root, 'dist', relative(root, f)).replace(/\.ts$/, '.js'));
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--test',
        `--test-concurrency=${layer.concurrency}`,
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tapFile}`,
        ...compiled,
      ],
      { stdio: 'inherit', env: { ...process.env, ...(layer.env ?? {}) } },
    );
    child.on('exit', async (code) => {
      let tap = '';
      try {
        tap = await readFile(tapFile, 'utf8');
        await rm(tapFile, { force: true });
      } catch {
        /* no report: counted as a failure below */
      }
      const count = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail') + count('cancelled') + (code !== 0 && count('fail') === 0 ? 1 : 0);
      resolvePromise({ passed, failed });
    });
  });
}

/**
 * Vitest over one project folder (the console); counts from its JSON report. It runs beside the layer's Node tests
 * (neither keeps both cores busy all the time: the unit layer took about 105 s with one after the other, 88 s
 * together), so its report is held and printed when it ends rather than mixed into theirs.
 */
function runVitest(name, project) {
  const report = join(root, '.test-results', `${name}.vitest.${process.pid}.json`);
  const args = ['vitest', 'run', '--root', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  if (filter?.startsWith(`${project}/`)) args.push(filter.slice(project.length + 1));
  return new Promise((resolvePromise) => {
    const child = spawn('npx', args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    // 'close', not 'exit': the child's output may still be in its pipes when it exits.
    child.on('close', async (code) => {
      process.stdout.write(Buffer.concat(output));
      try {
        const result = JSON.parse(await readFile(report, 'utf8'));
        await rm(report, { force: true });
        const failed = result.numFailedTests + (code !== 0 && result.numFailedTests === 0 ? 1 : 0);
        resolvePromise({ passed: result.numPassedTests, failed });
      } catch {
        resolvePromise({ passed: 0, failed: 1 });
      }
    });
  });
}

/** Whether a --filter names something inside the Vitest project (or there is no filter). */
const filterReaches = (project) => !filter || filter.startsWith(project) || project.startsWith(filter);

await mkdir(join(root, '.test-results'), { recursive: true });
let passed = 0;
let failed = 0;
for (const name of layers) {
  const layer = LAYERS[name];
  if (!layer) throw new Error(`unknown test layer ${name}`);
  let files = [];
  for (const dir of layer.dirs) files.push(...(await findFiles(join(root, dir), layer.suffix, layer.exclude, layer.skipDirs)));
  if (filter) files = files.filter((f) => relative(root, f).includes(filter));
  const withVitest = layer.vitest !== undefined && filterReaches(layer.vitest);
  if (files.length === 0 && !withVitest) {
    console.log(`[${name}] no test files`);
    continue;
  }
  const browserAppRun = withVitest ? runVitest(name, layer.vitest) : undefined;
  const result = files.length > 0 ? await runLayer(name, files.sort(), layer) : { passed: 0, failed: 0 };
  if (browserAppRun) {
    const browserApp = await browserAppRun;
    console.log(`[${name}] ${layer.vitest}: ${browserApp.passed} passed, ${browserApp.failed} failed`);
    result.passed += browserApp.passed;
    result.failed += browserApp.failed;
  }
  console.log(`[${name}] ${result.passed} passed, ${result.failed} failed`);
  passed += result.passed;
  failed += result.failed;
  await writeFile(join(root, '.test-results', `${name}.json`), JSON.stringify(result));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
