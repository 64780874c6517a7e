import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs on stdout through an asynchronous destination, so logging never blocks the event loop on the
 * hot path. Payloads are never logged; secrets are redacted by key name as a second line of defence.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['*.authorization', '*.password', '*.bearerToken', '*.privateKey', '*.jwk.d', 'req.headers.authorization'],
        censor: '***',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ sync: false, minLength: 4096 }),
  );
}
