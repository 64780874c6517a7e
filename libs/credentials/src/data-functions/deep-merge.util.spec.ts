import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deepMergeAppend, deepMergeReplace } from './deep-merge.util';

const profile = () => ({ credentialSubject: { name: 'A', achievement: { name: 'X', level: 1 }, tags: ['a', 'b'] } });
const override = () => ({ credentialSubject: { achievement: { name: 'CS' }, tags: ['c'] } });

describe('deepMergeReplace', () => {
  it('reproduces the walt.id runtimeOverrides.credentialData example', () => {
    assert.deepEqual(deepMergeReplace(profile(), override()), {
      credentialSubject: { name: 'A', achievement: { name: 'CS', level: 1 }, tags: ['c'] },
    });
  });

  it('replaces scalars, arrays and type changes; undefined keeps, null replaces', () => {
    assert.deepEqual(deepMergeReplace({ a: { b: 1 }, c: [1], d: 'x', e: 1 }, { a: 5, c: { k: 1 }, d: undefined, e: null }), {
      a: 5,
      c: { k: 1 },
      d: 'x',
      e: null,
    });
    assert.deepEqual(deepMergeReplace({ a: 1 }, undefined), { a: 1 });
    assert.equal(deepMergeReplace<unknown>({ a: 1 }, 'scalar'), 'scalar');
  });

  it('never mutates its inputs and shares no objects with them', () => {
    const base = profile();
    const over = override();
    const [baseJson, overJson] = [JSON.stringify(base), JSON.stringify(over)];
    const merged = deepMergeReplace(base, over);
    merged.credentialSubject.achievement.level = 99;
    merged.credentialSubject.tags.push('z');
    assert.equal(JSON.stringify(base), baseJson);
    assert.equal(JSON.stringify(over), overJson);
    assert.notEqual(merged.credentialSubject.tags, over.credentialSubject.tags);
  });

  it('skips __proto__, constructor and prototype keys', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"polluted":true}},"ok":1},"prototype":1}');
    const merged = deepMergeReplace<Record<string, unknown>>({ a: {} }, hostile);
    assert.deepEqual(merged, { a: { ok: 1 } });
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    const fromBase = deepMergeReplace<Record<string, unknown>>(JSON.parse('{"__proto__":{"x":1},"b":2}'), {});
    assert.deepEqual(fromBase, { b: 2 });
    assert.equal((fromBase as { x?: number }).x, undefined);
  });
});

describe('deepMergeAppend', () => {
  it('appends arrays and merges objects (mapping results)', () => {
    assert.deepEqual(deepMergeAppend(profile(), override()), {
      credentialSubject: { name: 'A', achievement: { name: 'CS', level: 1 }, tags: ['a', 'b', 'c'] },
    });
    assert.deepEqual(deepMergeAppend({ type: ['VerifiableCredential'] }, { type: ['OpenBadgeCredential'], id: 'urn:uuid:1' }), {
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id: 'urn:uuid:1',
    });
  });

  it('never mutates inputs and refuses prototype pollution', () => {
    const base = { list: [{ a: 1 }] };
    const merged = deepMergeAppend(base, JSON.parse('{"list":[{"b":2}],"__proto__":{"polluted":true}}'));
    (merged.list[0] as { a: number }).a = 2;
    assert.deepEqual(base, { list: [{ a: 1 }] });
    assert.deepEqual(Object.keys(merged), ['list']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
