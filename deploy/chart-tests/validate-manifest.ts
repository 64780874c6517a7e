import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT, type Manifest } from './render-chart';

type Model = new (data: unknown) => { validate(): void };

// kubernetes-models is ESM-only with "import"-only exports; the compiled tests are CommonJS, so its modules are
// loaded by file path (Node ≥ 20.19 can require() an ES module).
const load = createRequire(__filename);

/**
 * Validates a rendered object against the Kubernetes OpenAPI schema of its apiVersion/kind with kubernetes-models
 * (independent of helm: a field helm renders with the wrong type or a misspelt key fails here). Throws with the
 * schema errors. Returns false for kinds kubernetes-models does not ship (CRDs such as ServiceMonitor).
 */
export function validateManifest(manifest: Manifest): boolean {
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  if (group.endsWith('coreos.com')) return false;
  const dir = group ? join(group, version) : version;
  const module = load(join(REPO_ROOT, 'node_modules/kubernetes-models', dir, 'index.js')) as Record<string, Model>;
  const ModelClass = module[manifest.kind];
  if (!ModelClass) throw new Error(`kubernetes-models has no ${manifest.apiVersion} ${manifest.kind}`);
  new ModelClass(manifest).validate();
  return true;
}
