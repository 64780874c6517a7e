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
