/** End index of the token that starts at `start` (the next '.' or the end of the string). */
function tokenEnd(text: string, start: number): number {
  const dot = text.indexOf('.', start);
  return dot === -1 ? text.length : dot;
}

/**
 * NATS subject matching: `*` matches one token, `>` one or more trailing tokens. It runs for every event
 * and every subscriber, so it walks both strings in place instead of splitting them (no garbage per call).
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  // Start of the current token in each string; -1 once the string has no tokens left.
  let p = 0;
  let s = 0;
  for (;;) {
    const pEnd = tokenEnd(pattern, p);
    const single = pEnd - p === 1;
    if (single && pattern.charCodeAt(p) === 62 /* > */) return s !== -1;
    if (s === -1) return false;
    const sEnd = tokenEnd(subject, s);
    if (!(single && pattern.charCodeAt(p) === 42) /* * */) {
      if (pEnd - p !== sEnd - s) return false;
      for (let k = 0; k < pEnd - p; k++) if (pattern.charCodeAt(p + k) !== subject.charCodeAt(s + k)) return false;
    }
    p = pEnd === pattern.length ? -1 : pEnd + 1;
    s = sEnd === subject.length ? -1 : sEnd + 1;
    if (p === -1) return s === -1;
  }
}
