// Compiles every TypeScript file of the workspace to CommonJS in dist/ with SWC (about a second),
// rewriting the @issuer/* path aliases to relative imports so plain `node` runs the output.
// Type checking is separate (`npm run typecheck`): SWC strips types without checking them.
import { transformFile } from '@swc/core';
import { mkdir, readdir, rename, stat, writeFile, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'tools', 'deploy', 'e2e'];
const consoleDir = join(root, 'apps', 'console');
const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));

const swcOptions = {
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs', strictMode: true },
};

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    // The console is a browser app with its own toolchain (Vite), built below.
    if (full === consoleDir) continue;
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

async function isFresh(source, target) {
  try {
    const [s, t] = await Promise.all([stat(source), stat(target)]);
    return t.mtimeMs >= s.mtimeMs;
  } catch {
    return false;
  }
}

let compiled = 0;
const jobs = [];
for (const dir of sourceDirs) {
  for await (const file of walk(join(root, dir))) {
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    jobs.push(
      (async () => {
        if (await isFresh(file, target)) return;
        const result = await transformFile(file, { ...swcOptions, filename: file, sourceFileName: relative(dirname(target), file) });
        await mkdir(dirname(target), { recursive: true });
        // Written under a temporary name and renamed, so a test running while another build runs never reads half a file.
        const temporary = `${target}.${process.pid}.tmp`;
        await writeFile(`${temporary}.map`, result.map ?? '');
        await rename(`${temporary}.map`, `${target}.map`);
        await writeFile(temporary, `${result.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
        await rename(temporary, target);
        compiled++;
      })(),
    );
  }
}
await Promise.all(jobs);
if (compiled > 0) console.error(`build: compiled ${compiled} file(s) to dist/`);

await buildConsole();

/**
 * The admin console (apps/console) is built by Vite into dist/console, which issuer-api serves at /console. A hash of
 * its sources, of libs/contracts (which it imports) and of the lockfile is kept beside the output, so an unchanged console is not rebuilt (a build takes
 * several seconds; this script runs before every test command). CONSOLE_BUILD=skip leaves it out (e.g. a service image
 * that does not serve it).
 */
async function buildConsole() {
  if (process.env.CONSOLE_BUILD === 'skip') return;
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  const files = [];
  const collect = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await collect(full);
      else if (!/\.spec\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  await collect(consoleDir);
  // The console imports @issuer/contracts (event names and payload types): a change there rebuilds it too.
  await collect(join(root, 'libs', 'contracts', 'src'));
  for (const file of [...files.sort(), join(root, 'package-lock.json')]) hash.update(relative(root, file)).update(await readFile(file));
  const digest = hash.digest('hex');
  const outDir = join(out, 'console');
  if ((await readFile(join(outDir, '.source-hash'), 'utf8').catch(() => '')) === digest) return;
  const started = Date.now();
  const { build } = await import('vite');
  // Built aside and swapped in, so that builds started by concurrent test commands never serve half a console.
  const staging = join(out, `.console-${process.pid}`);
  await build({ configFile: join(consoleDir, 'vite.config.mts'), logLevel: 'warn', mode: 'production', build: { outDir: staging } });
  await writeFile(join(staging, '.source-hash'), digest);
  const { rm } = await import('node:fs/promises');
  const previous = join(out, `.console-old-${process.pid}`);
  await rename(outDir, previous).catch(() => undefined);
  await rename(staging, outDir);
  await rm(previous, { recursive: true, force: true });
  console.error(`build: console built to dist/console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
