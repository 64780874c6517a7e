/**
 * The image's HEALTHCHECK: GET /health/live on PORT (every service serves it; through the proxy a replica answers).
 * Exit 0 = healthy, 1 = unhealthy, as Docker expects. One-shot programs (migrate, helm-test) have no port: they are
 * gone before the first check runs.
 */
const port = process.env.PORT ?? '3000';
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
