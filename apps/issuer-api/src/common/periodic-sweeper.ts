import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';

/**
 * A job every replica runs on a timer (expiring sessions, deleting ended rate limit windows): the subclass's
 * `sweep` must be idempotent and log its own failures; the timer never keeps the process alive and stops with the module.
 */
export abstract class PeriodicSweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  protected constructor(private readonly intervalMs: number) {}

  abstract sweep(): Promise<unknown>;

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
