import assert from 'node:assert/strict';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { describe, it } from 'node:test';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

describe('lean AsyncResource#bind', () => {
  installLeanAsyncResourceBind();
  const store = new AsyncLocalStorage<string>();

  it('binds without the deprecated asyncResource accessor (two util.deprecate wrappers per call on Node 20)', () => {
    const bound = new AsyncResource('test').bind(() => undefined);
    assert.equal(Object.getOwnPropertyDescriptor(bound, 'asyncResource'), undefined);
    assert.equal(
      Object.getOwnPropertyDescriptor(
        AsyncResource.bind(() => undefined),
        'asyncResource',
      ),
      undefined,
    );
  });

  it('runs the function in the async context the resource was created in', () => {
    const resource = store.run('created', () => new AsyncResource('test'));
    const bound = resource.bind(() => store.getStore());
    assert.equal(
      store.run('called', () => bound()),
      'created',
    );
    const viaStatic = store.run('created-static', () => AsyncResource.bind(() => store.getStore()));
    assert.equal(
      store.run('called', () => viaStatic()),
      'created-static',
    );
  });

  it('keeps this, arguments, return value and length as Node does', () => {
    const resource = new AsyncResource('test');
    function add(this: { base: number } | undefined, a: number, b: number) {
      return (this?.base ?? 0) + a + b;
    }
    const unbound = resource.bind(add);
    assert.equal(unbound.length, 2);
    assert.equal(unbound.call({ base: 10 }, 1, 2), 13, 'the call-time this when none was given');
    // Node accepts a thisArg (its type declarations leave it out).
    const withThis = (resource.bind as (fn: typeof add, thisArg: unknown) => typeof add)(add, { base: 100 });
    assert.equal(withThis.call({ base: 10 }, 1, 2), 103, 'the given this wins');
    assert.throws(() => resource.bind('not a function' as never), TypeError);
  });
});
