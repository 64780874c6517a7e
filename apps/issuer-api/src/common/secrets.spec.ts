import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashSecret, newSecret, safeEqual } from './secrets';

describe('secrets', () => {
  it('newSecret returns 256 random bits as base64url', () => {
    const a = newSecret();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, newSecret());
  });

  it('hashSecret is deterministic, never the input, and changes with the salt', () => {
    assert.equal(hashSecret('493027'), hashSecret('493027'));
    assert.notEqual(hashSecret('493027'), '493027');
    assert.match(hashSecret('493027'), /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(hashSecret('493027', 'code-hash-a'), hashSecret('493027'));
    assert.notEqual(hashSecret('493027', 'code-hash-a'), hashSecret('493027', 'code-hash-b'));
    assert.notEqual(hashSecret('493028', 'code-hash-a'), hashSecret('493027', 'code-hash-a'));
  });

  it('hashSecret with an empty salt equals the unsalted hash', () => {
    assert.equal(hashSecret('value', ''), hashSecret('value'));
  });

  it('safeEqual compares whole strings, whatever their lengths', () => {
    assert.equal(safeEqual('adm_key', 'adm_key'), true);
    assert.equal(safeEqual('adm_key', 'adm_kez'), false);
    assert.equal(safeEqual('adm_key', 'adm_key_longer'), false, 'different lengths do not throw');
    assert.equal(safeEqual('', ''), true);
    assert.equal(safeEqual('', 'x'), false);
    assert.equal(safeEqual('ключ', 'ключ'), true, 'non-ASCII');
  });
});
