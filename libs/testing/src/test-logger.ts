import { Writable } from 'node:stream';
import pino from 'pino';

export interface CapturedLog {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino logger that keeps its JSON lines in memory, so a test can wait for or assert on a log entry. */
export function createCapturingLogger(level: pino.LevelWithSilent = 'debug'): { logger: pino.Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as CapturedLog);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** A logger that drops everything. */
export function silentLogger(): pino.Logger {
  return pino({ level: 'silent' });
}
