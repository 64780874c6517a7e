export type HealthCheck = () => Promise<void>;

/**
 * Readiness checks registered by the modules of this process (each service's database, the bus). In
 * standalone mode one registry holds the checks of all six services.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async run(): Promise<{ ok: boolean; checks: Record<string, 'up' | 'down'> }> {
    const entries = [...this.checks.entries()];
    const results = await Promise.all(
      entries.map(async ([name, check]) => {
        try {
          await withTimeout(check(), 3000);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    if (this.shuttingDown) checks['shutdown'] = 'down';
    return { ok: !this.shuttingDown && results.every(([, state]) => state === 'up'), checks };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('health check timed out')), ms);
    }),
  ]);
}
