import { AsyncResource } from 'node:async_hooks';

/**
 * Node 20's `AsyncResource#bind` gives every bound function an `asyncResource` accessor made of two fresh
 * `util.deprecate` wrappers (DEP0172). Fastify binds a callback per request body and Nest per interceptor call, so
 * building those wrappers was 2–2.6 % of the platform's CPU under load. This replaces `bind` with the same behaviour
 * minus the deprecated accessor (nothing in the platform or its dependencies reads it), and only on a Node whose
 * `bind` defines it. Installed once per process by `createHttpApp`.
 */
export function installLeanAsyncResourceBind(): void {
  const probe = new AsyncResource('lean-bind-probe').bind(() => undefined);
  if (!Object.getOwnPropertyDescriptor(probe, 'asyncResource')) return;
  Object.defineProperty(AsyncResource.prototype, 'bind', {
    configurable: true,
    writable: true,
    value: function bind(this: AsyncResource, fn: Callable, thisArg?: unknown): Callable {
      return bindTo(this, fn, thisArg);
    },
  });
}

type Callable = (...args: unknown[]) => unknown;

function bindTo(resource: AsyncResource, fn: Callable, thisArg: unknown): Callable {
  if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  Object.defineProperty(bound, 'length', { configurable: true, value: fn.length });
  return bound;
}
