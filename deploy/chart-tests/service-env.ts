import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fullName, named, ofKind, REPO_ROOT, type EnvVar, type Manifest } from './render-chart';

/**
 * What the chart gives a service's container, and what the service's code reads: the two sides the
 * chart-service-env test compares. The code side comes from the code itself (compiled zod schemas in dist/
 * and the config reads in the sources), so a variable added there without the chart makes the test fail.
 */

/** Where one variable of a container comes from. */
export type EnvSource =
  { from: 'configmap'; value: string } | { from: 'literal'; value: string } | { from: 'secret'; secret: string; key: string };

export interface ContainerEnv {
  variables: Map<string, EnvSource>;
  /** Secrets whose keys all become variables (envFrom secretRef): names unknown at render time. */
  secretsAsVariables: string[];
  /** Mount paths of volumes backed by a Secret. */
  secretMounts: string[];
}

/** The environment of a service's container: its ConfigMap (envFrom), then env entries (which win, as in Kubernetes). */
export function containerEnv(manifests: Manifest[], service: string): ContainerEnv {
  const pod = named(manifests, 'Deployment', fullName(service)).spec.template.spec;
  const container = pod.containers[0];
  const variables = new Map<string, EnvSource>();
  const secretsAsVariables: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) secretsAsVariables.push(source.secretRef.name);
    if (!source.configMapRef) continue;
    const configMap = named(manifests, 'ConfigMap', source.configMapRef.name);
    for (const [name, value] of Object.entries(configMap.data ?? {})) variables.set(name, { from: 'configmap', value });
  }
  for (const entry of (container.env ?? []) as EnvVar[]) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref) variables.set(entry.name, { from: 'secret', secret: ref.name, key: ref.key });
    else if (entry.value !== undefined) variables.set(entry.name, { from: 'literal', value: entry.value });
  }
  const secretVolumes = new Set((pod.volumes ?? []).filter((v: { secret?: unknown }) => v.secret).map((v: { name: string }) => v.name));
  const secretMounts = (container.volumeMounts ?? [])
    .filter((m: { name: string }) => secretVolumes.has(m.name))
    .map((m: { mountPath: string }) => m.mountPath);
  return { variables, secretsAsVariables, secretMounts };
}

/**
 * The values the pod would see, with Secrets read from the render and $(VAR) expanded as the kubelet does;
 * throws when a referenced Secret is not part of the render (an existingSecret).
 */
export function resolveEnv(manifests: Manifest[], env: ContainerEnv): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, source] of env.variables) {
    if (source.from !== 'secret') {
      resolved[name] = source.value;
      continue;
    }
    const secret = ofKind(manifests, 'Secret').find((s) => s.metadata.name === source.secret);
    const data = secret?.data?.[source.key];
    if (data === undefined) throw new Error(`${name}: Secret ${source.secret} key ${source.key} is not rendered`);
    resolved[name] = Buffer.from(data, 'base64').toString('utf8');
  }
  for (const [name, value] of Object.entries(resolved))
    resolved[name] = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, ref: string) => resolved[ref] ?? match);
  return resolved;
}

/** A zod schema as the test uses it (the compiled one, imported from dist/). */
export interface EnvSchema {
  safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

const isSchema = (value: unknown): value is EnvSchema => typeof (value as EnvSchema | undefined)?.safeParse === 'function';

/**
 * Every `*EnvSchema` exported by the platform config and by apps/<service>/src/<service>.config.ts, from dist/
 * (run `node tools/build.mjs` first). A schema added to one of those files is picked up without touching the test.
 */
export async function envSchemasOf(service: string): Promise<Record<string, EnvSchema>> {
  const modules = [join(REPO_ROOT, 'dist/libs/platform/src/config/platform-config.js')];
  const own = join(REPO_ROOT, 'dist/apps', service, 'src', `${service}.config.js`);
  if (existsSync(own)) modules.push(own);
  const schemas: Record<string, EnvSchema> = {};
  for (const file of modules) {
    const exported = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) if (name.endsWith('EnvSchema') && isSchema(value)) schemas[name] = value;
  }
  return schemas;
}

/** Variables a schema refuses when they are absent from `env` (probing with the environment as given). */
export function missingRequired(schema: EnvSchema, env: Record<string, string>): string[] {
  const result = schema.safeParse(env);
  const variables = (result.error?.issues ?? []).map((issue) => String(issue.path[0] ?? '(env)'));
  return [...new Set(variables.filter((variable) => !(variable in env)))].sort();
}

const SKIPPED_FILE = /\.(spec|int-spec|e2e-spec|fake)\.ts$|-test-app\.ts$|\.d\.ts$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !SKIPPED_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Variables the code of a service reads: the keys of every env schema it passes to loadConfig (uppercase
 * object keys in a file that calls loadConfig) and every process.env.NAME, in apps/<service>/src and the libs
 * every service links (libs/testing excluded). Tests, fakes and test apps do not count.
 */
export function variablesReadBy(service: string): string[] {
  const libs = readdirSync(join(REPO_ROOT, 'libs')).filter((lib) => lib !== 'testing');
  const dirs = [join(REPO_ROOT, 'apps', service, 'src'), ...libs.map((lib) => join(REPO_ROOT, 'libs', lib, 'src'))];
  const found = new Set<string>();
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g)) found.add(match[1]);
    if (!text.includes('loadConfig(')) continue;
    // Object keys in uppercase (zod env schemas), at a line start or after `{` / `,`.
    for (const match of text.matchAll(/(?:^|[{,])\s*([A-Z][A-Z0-9_]*[A-Z0-9])\s*:/gm)) found.add(match[1]);
  }
  return [...found].sort();
}

/** Names whose value is a credential: keys, passwords, tokens, client secrets, passphrases (never their *_FILE path). */
export function isSecretVariable(name: string): boolean {
  return /(^|_)(KEY|KEYS|SECRET|PASSWORD|PASSPHRASE|TOKEN)$/.test(name);
}

/** A URL literal that carries a password itself (not a $(DATABASE_PASSWORD) reference the kubelet fills in). */
export function hasInlinePassword(url: string): boolean {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(url)?.[1];
  if (!userinfo?.includes(':')) return false;
  return !/^[^:]+:\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(userinfo);
}
