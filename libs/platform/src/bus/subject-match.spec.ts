import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { subjectMatches } from './subject-match';

describe('subjectMatches', () => {
  const cases: [pattern: string, subject: string, expected: boolean][] = [
    // exact
    ['a.b.c', 'a.b.c', true],
    ['a.b.c', 'a.b.d', false],
    ['a', 'a', true],
    ['a', 'b', false],
    // `*` matches exactly one token, in any position
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.x.c', true],
    ['a.*.c', 'a.b.d', false],
    ['*.b', 'a.b', true],
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['*.*', 'a.b', true],
    // `>` matches one or more trailing tokens, never zero
    ['a.>', 'a.b', true],
    ['a.>', 'a.b.c.d', true],
    ['a.>', 'a', false],
    ['a.>', 'b.c', false],
    ['>', 'a', true],
    ['>', 'a.b.c', true],
    ['a.*.>', 'a.b.c', true],
    ['a.*.>', 'a.b', false],
    ['issuer.events.v1.iss.*.*', 'issuer.events.v1.iss.sess.credential.issued', false],
    ['issuer.events.v1.iss.>', 'issuer.events.v1.iss.sess.credential_issued', true],
    ['issuer.events.v1.iss.>', 'issuer.events.v1.other.sess.credential_issued', false],
    // length mismatches without wildcards
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
    // tokens are compared whole, not as prefixes
    ['a.b', 'a.bc', false],
    ['ab', 'a.b', false],
  ];
  for (const [pattern, subject, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${subject}`, () => {
      assert.equal(subjectMatches(pattern, subject), expected);
    });
  }
});
