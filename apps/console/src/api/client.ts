import { ApiError, toApiError } from './api-error';

/** Where the credentials of the signed-in principal come from; the auth provider sets it, the client reads it. */
export interface CredentialSource {
  bearer(): string | undefined;
  /** Called once on a 401: the credential expired or was revoked, so the console signs out. */
  onUnauthorized(): void;
}

const SIGNED_OUT: CredentialSource = { bearer: () => undefined, onUnauthorized: () => undefined };
let source = SIGNED_OUT;

export function setCredentialSource(next: CredentialSource): void {
  source = next;
}

/** Back to no signed-in principal (tests: the next one starts signed out). */
export function clearCredentialSource(): void {
  source = SIGNED_OUT;
}

export type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The console's only way to the platform: the public admin API under /api/v1 (same origin), JSON in and out,
 * `Authorization: Bearer` from the signed-in principal. Refusals become ApiError with the fields they name.
 */
export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const bearer = source.bearer();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The platform cannot be reached', 'Check the network connection and that the platform is running.');
  }
  if (response.status === 401 && bearer) source.onUnauthorized();
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = (path: string) => api<void>('DELETE', path);

/** Path segment encoding for ids chosen by users (issuer ids, DIDs). */
export const seg = (value: string) => encodeURIComponent(value);
