import { BusError, type RetentionConfig } from '@issuer/contracts';
import { parseDuration } from '@issuer/credentials';
import { CronSchedule, CronScheduleError } from './cron-schedule';

/** Checks what the contract's shapes cannot: the age is a duration, the schedule a cron that fires, the time zone an IANA one. */
export function checkRetentionConfig(config: RetentionConfig): RetentionConfig {
  const errors: { path: string; message: string }[] = [];
  const age = parseDuration(config.maxIssuerSessionAge);
  if (!age.valid) errors.push({ path: 'maxIssuerSessionAge', message: age.message });
  try {
    CronSchedule.parse(config.schedule, config.timezone);
  } catch (error) {
    if (!(error instanceof CronScheduleError)) throw error;
    errors.push({ path: error.field, message: error.message });
  }
  if (errors.length) throw new BusError('BAD_REQUEST', 'The retention configuration is invalid', errors);
  return config;
}
