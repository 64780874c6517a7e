import assert from 'node:assert/strict';
import { BusError } from '@issuer/contracts';

/** Asserts that `promise` rejects with a BusError of `code`, and returns that error for further checks. */
export async function expectBusError(promise: Promise<unknown>, code: BusError['code']): Promise<BusError> {
  const error = await promise.then(
    () => assert.fail(`expected a BusError ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BusError, `expected a BusError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}
