import type { z } from 'zod';
import { AppError, type FieldError } from './app-error';

/** Zod issues as `{path, message}` with dotted paths (`credentialConfigurations.pid.format`). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path: [path, issue.keys.join(',')].filter(Boolean).join('.'), message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    return { path: path || '(body)', message: issue.message };
  });
}

/** Parses admin input or throws a 400 AppError naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.validation(zodFieldErrors(result.error, prefix));
  return result.data;
}
