import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals so that the plaintext is not in the stored value, and opens it again', () => {
    const sealed = box.seal('receiver-token-123', 'acme');
    assert.ok(SecretBox.isSealed(sealed));
    assert.ok(!sealed.includes('receiver-token'));
    assert.notEqual(box.seal('receiver-token-123', 'acme'), sealed, 'a fresh IV every time');
    assert.equal(box.open(sealed, 'acme'), 'receiver-token-123');
  });

  it('does not open under another issuer, another key, or after tampering', () => {
    const sealed = box.seal('secret', 'acme');
    assert.throws(() => box.open(sealed, 'other'));
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, 'acme'));
    const bytes = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    bytes[bytes.length - 1] ^= 1;
    assert.throws(() => box.open(`enc:v1:${bytes.toString('base64')}`, 'acme'));
  });
});
