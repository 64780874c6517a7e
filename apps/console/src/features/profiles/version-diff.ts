export type Change = { path: string; change: 'added' | 'removed' | 'changed' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What changed between two profile bodies, member by member (objects descended, arrays and scalars compared whole),
 * as dotted paths in the order of the newer body, then what it dropped.
 */
export function changedPaths(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const changes: Change[] = [];
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) changes.push({ path: at(key), change: 'added' });
      else changes.push(...changedPaths(before[key], after[key], at(key)));
    }
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) changes.push({ path: at(key), change: 'removed' });
    return changes;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(whole body)', change: 'changed' }];
}
