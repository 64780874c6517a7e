import type { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates the environment against a zod object whose keys are the variable names, and fails fast with
 * a message naming each bad variable (never its value: it may be a secret).
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  // An empty variable means "not set" (shells and orchestrators often export VAR= to clear one).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(env)'), message: issue.message })));
  }
  return result.data;
}
