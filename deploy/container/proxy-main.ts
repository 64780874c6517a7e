import { startRoundRobinProxy, type ProxyTarget } from '../local-cluster/round-robin-proxy';

/**
 * `proxy` in the container image: the local cluster's round-robin proxy as its own process (used by
 * deploy/compose.yaml in front of two issuer-api replicas). PORT (default 3000), PROXY_TARGETS=host:port,...
 */
function targets(): ProxyTarget[] {
  const raw = (process.env.PROXY_TARGETS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const parsed = raw.map((entry) => /^([\w.-]+):(\d{1,5})$/.exec(entry));
  if (raw.length === 0 || parsed.some((match) => !match)) {
    console.error('Invalid configuration:\n  PROXY_TARGETS: must be host:port[,host:port...]');
    process.exit(1);
  }
  return parsed.map((match) => ({ host: match![1], port: Number(match![2]) }));
}

const port = Number(process.env.PORT ?? 3000);
void startRoundRobinProxy(port, targets()).then(
  (server) => {
    console.log(`round-robin proxy listening on ${port}`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error('fatal:', error);
    process.exit(1);
  },
);
