/**
 * The container image's entry point: one image for every service, chosen by the first argument or SERVICE.
 *   issuer-api | kms | did-registry | status-list | notifications | data-retention   a distributed service
 *   migrate [--revert]      every service's migrations once (the Helm pre-install/pre-upgrade Job)
 *   standalone              all services in one process (embedded PostgreSQL unless DATABASE_URL is set)
 *   proxy                   the round-robin proxy of the local cluster, in front of PROXY_TARGETS (host:port,...)
 *   helm-test               the `helm test` smoke check (see deploy/helm-test)
 * Each target is loaded on demand so only the chosen service's modules are evaluated.
 */
const TARGETS: Record<string, string> = {
  'issuer-api': '../../apps/issuer-api/src/main',
  kms: '../../apps/kms/src/main',
  'did-registry': '../../apps/did-registry/src/main',
  'status-list': '../../apps/status-list/src/main',
  notifications: '../../apps/notifications/src/main',
  'data-retention': '../../apps/data-retention/src/main',
  standalone: '../../apps/standalone/src/main',
  migrate: '../../tools/migrate',
  proxy: './proxy-main',
  'helm-test': '../helm-test/smoke-test',
};

const requested = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : process.env.SERVICE;
const target = requested ? TARGETS[requested] : undefined;
if (!target) {
  console.error(`Invalid configuration:\n  SERVICE: must be one of ${Object.keys(TARGETS).join(', ')} (got ${requested ?? 'nothing'})`);
  process.exit(64);
}
// The chosen program reads its own flags (e.g. migrate --revert) from process.argv.
if (process.argv[2] === requested) process.argv.splice(2, 1);
void import(target);
