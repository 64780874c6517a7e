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
    ['a.*', 'a.b.', false],
    ['a.b.*', 'a.b.', true],
    ['a..c', 'a..c', true],
    ['a.*.c', 'a..c', true],
  ];
  for (const [pattern, subject, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${subject}`, () => {
      assert.equal(subjectMatches(pattern, subject), expected);
    });
  }

  // The in-place walk must agree with the token-by-token definition on every pattern/subject pair.
  it('agrees with splitting both into tokens on all short subjects', () => {
    const byTokens = (pattern: string, subject: string) => {
      const p = pattern.split('.');
      const s = subject.split('.');
      for (let i = 0; i < p.length; i++) {
        if (p[i] === '>') return s.length > i;
        if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
      }
      return p.length === s.length;
    };
    const words = ['', 'a', 'b', 'ab'];
    const subjects: string[] = [];
    const build = (prefix: string[], depth: number) => {
      subjects.push(prefix.join('.'));
      if (depth < 3) for (const w of words) build([...prefix, w], depth + 1);
    };
    for (const w of words) build([w], 1);
    const patterns = [...subjects, ...subjects.map((x) => `${x}.*`), ...subjects.map((x) => `${x}.>`), '*', '>', '*.>', 'a.*.b'];
    for (const pattern of patterns)
      for (const subject of subjects) assert.equal(subjectMatches(pattern, subject), byTokens(pattern, subject), `${pattern} / ${subject}`);
  });
});
