import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '@issuer/platform';
import { MAX_INPUT_DEPTH, SafeInputPipe, unsafeInput } from './safe-input.pipe';

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function refusal(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.status, 400);
    return error.errors ?? [];
  }
  assert.fail('expected a 400');
}

describe('unsafeInput', () => {
  it('accepts ordinary JSON values', () => {
    for (const value of [
      undefined,
      null,
      0,
      true,
      '',
      'Ω "quoted" \'; DROP TABLE',
      [],
      {},
      { a: [{ b: 'c' }] },
      deep(MAX_INPUT_DEPTH - 1),
    ]) {
      assert.equal(unsafeInput(value), undefined, JSON.stringify(value));
    }
  });

  it('names the first string or key containing U+0000', () => {
    assert.equal(unsafeInput('a\u0000b', 'sessionId')?.path, 'sessionId');
    assert.equal(unsafeInput({ a: { b: ['ok', 'x\u0000'] } })?.path, 'a.b.1');
    assert.equal(unsafeInput({ a: { 'k\u0000': 1 } })?.path, 'a.k\u0000');
    assert.match(unsafeInput({ a: '\u0000' })!.message, /NUL/);
  });

  it('names the first string or key holding a lone UTF-16 surrogate, and accepts paired ones', () => {
    assert.equal(unsafeInput({ display: [{ name: 'x\ud83dy' }] })?.path, 'display.0.name');
    assert.equal(unsafeInput({ a: 'tail \udc00' })?.path, 'a');
    assert.equal(unsafeInput({ a: '\udc00\ud83d' })?.path, 'a');
    assert.equal(unsafeInput({ ['k\ud800']: 1 })?.path, 'k\ud800');
    assert.match(unsafeInput('\ud83d', 'commonName')!.message, /surrogate/);
    assert.equal(unsafeInput({ emoji: '\ud83d\ude00 ok', flag: '🇩🇪' }), undefined);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    assert.match(unsafeInput(deep(MAX_INPUT_DEPTH + 1))!.message, new RegExp(`${MAX_INPUT_DEPTH} levels`));
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    assert.ok(unsafeInput({ data: value })?.path.startsWith('data'));
  });
});

describe('SafeInputPipe', () => {
  const pipe = new SafeInputPipe();
  const walletPipe = new SafeInputPipe({ body: false });

  it('passes safe values through unchanged', () => {
    const body = { authMethod: 'PRE_AUTHORIZED' };
    assert.equal(pipe.transform(body, { type: 'body' }), body);
    assert.equal(pipe.transform('acme', { type: 'param', data: 'issuerId' }), 'acme');
  });

  it('refuses NUL in params, queries and bodies with a 400 naming the field', () => {
    assert.deepEqual(
      refusal(() => pipe.transform('a\u0000', { type: 'param', data: 'issuerId' })).map((e) => e.path),
      ['issuerId'],
    );
    assert.deepEqual(
      refusal(() => pipe.transform({ cursor: '\u0000' }, { type: 'query' })).map((e) => e.path),
      ['cursor'],
    );
    assert.deepEqual(
      refusal(() => pipe.transform({ runtimeOverrides: { credentialData: { x: '\u0000' } } }, { type: 'body' })).map((e) => e.path),
      ['runtimeOverrides.credentialData.x'],
    );
    assert.deepEqual(
      refusal(() => pipe.transform('\u0000', { type: 'body' })).map((e) => e.path),
      ['(body)'],
    );
  });

  it('with body: false checks params but leaves bodies to the protocol parser', () => {
    const body = { credential_configuration_id: 'a\u0000' };
    assert.equal(walletPipe.transform(body, { type: 'body' }), body);
    assert.equal(refusal(() => walletPipe.transform('a\u0000', { type: 'param', data: 'issuerId' })).length, 1);
  });

  it('ignores custom parameter decorators', () => {
    const raw = { url: '\u0000' };
    assert.equal(pipe.transform(raw, { type: 'custom' }), raw);
  });
});
