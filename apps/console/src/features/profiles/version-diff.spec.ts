import { describe, expect, it } from 'vitest';
import { changedPaths } from './version-diff';

describe('changedPaths (what a profile version changed)', () => {
  it('names added, removed and changed members by their dotted path, descending into objects only', () => {
    const before = {
      name: 'A',
      credentialData: { given_name: 'Erika', address: { locality: 'Berlin' } },
      x5Chain: ['a'],
      mapping: { id: '<uuid>' },
    };
    const after = {
      name: 'B',
      credentialData: { given_name: 'Erika', address: { locality: 'Köln' } },
      x5Chain: ['a', 'b'],
      validity: { validFor: '1d' },
    };
    expect(changedPaths(before, after)).toEqual([
      { path: 'name', change: 'changed' },
      { path: 'credentialData.address.locality', change: 'changed' },
      { path: 'x5Chain', change: 'changed' },
      { path: 'validity', change: 'added' },
      { path: 'mapping', change: 'removed' },
    ]);
  });

  it('finds nothing between equal bodies', () => {
    expect(changedPaths({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
