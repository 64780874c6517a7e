import type { Profile, ProfileBody } from './types';

/** What a new profile starts with: the required members, empty, so that the API names each one left empty. */
export function newProfileBody(credentialConfigurationId = ''): ProfileBody {
  return { name: '', credentialConfigurationId, issuerKeyId: '', credentialData: {} };
}

/** The editable body of a stored profile: its answer without what the API adds. */
export function bodyOf(profile: Omit<Profile, 'status' | 'updatedAt'> & Partial<Pick<Profile, 'status' | 'updatedAt'>>): ProfileBody {
  const {
    profileId: _p,
    issuerId: _i,
    version: _v,
    status: _s,
    createdAt: _c,
    updatedAt: _u,
    current: _cur,
    ...body
  } = profile as Profile & { current?: boolean };
  return body as ProfileBody;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The member at a dotted path (`notifications.webhook.url`), or undefined. */
export function getIn(root: unknown, path: string): unknown {
  let cursor = root;
  for (const name of path.split('.')) {
    if (!isObject(cursor)) return undefined;
    cursor = cursor[name];
  }
  return cursor;
}

/**
 * A copy of `root` with the member at `path` set, creating the objects on the way; `undefined` removes it, and an
 * object left empty by that is removed too (an emptied `validity` is not sent as `{}`).
 */
export function setIn<T extends Record<string, unknown>>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> = { ...root };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
    return copy as T;
  }
  const child = setIn(isObject(copy[head!]) ? (copy[head!] as Record<string, unknown>) : {}, rest.join('.'), value);
  if (Object.keys(child).length === 0) delete copy[head!];
  else copy[head!] = child;
  return copy as T;
}
