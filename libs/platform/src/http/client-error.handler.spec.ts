import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requestTargetOf } from './client-error.handler';

describe('requestTargetOf', () => {
  it('reads the target of the request line the parser refused', () => {
    assert.equal(requestTargetOf(Buffer.from('GET /api/v1/x\xffy HTTP/1.1\r\nHost: a\r\n', 'latin1')), '/api/v1/x\xffy');
    assert.equal(requestTargetOf(Buffer.from('POST /issuers/a/token HTTP/1.1\r\nX-Big: aaa')), '/issuers/a/token');
  });

  it('gives an empty target when there is no request line to read', () => {
    for (const raw of [undefined, 'not a buffer', Buffer.from('GARBAGE\r\n\r\n'), Buffer.alloc(0)]) assert.equal(requestTargetOf(raw), '');
  });
});
