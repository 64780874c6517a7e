/** One problem of an RFC 9457 answer: `path` is the JSON path of the field in the request body (`display.0.name`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An admin API refusal as the console shows it: at the fields it names, else as a message where it happened. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** Field errors keyed by path, as @mantine/form's setErrors takes them. */
  fieldErrors(prefix = ''): Record<string, string> {
    const result: Record<string, string> = {};
    for (const { path, message } of this.errors) {
      const key = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
      result[key] = result[key] ? `${result[key]}; ${message}` : message;
    }
    return result;
  }
}

/** Reads a non-2xx answer into an ApiError whatever its body is (problem+json, OAuth JSON, or none at all). */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const title = typeof problem.title === 'string' ? problem.title : response.statusText || `HTTP ${response.status}`;
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.error_description === 'string'
        ? problem.error_description
        : undefined;
  const errors = Array.isArray(problem.errors)
    ? problem.errors
        .filter((e): e is FieldProblem => typeof e?.path === 'string' && typeof e?.message === 'string')
        .map(({ path, message }) => ({ path, message }))
    : [];
  return new ApiError(response.status, title, detail, errors);
}
