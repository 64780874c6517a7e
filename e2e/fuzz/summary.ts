import { ADMIN_KEY_MARK, formatFailure, swapAdminKey, type Failure } from './reproduction';
import type { FuzzReport } from './runner';

/** Groups failures by what broke where, so 300 answers of one defect read as one line with a count. */
export function signature(failure: Failure): string {
  const problems = failure.problems.map((p) => p.replace(/\b\d{4,}\b/g, 'N').replace(/"[^"]{40,}"/g, '"…"')).join('; ');
  const where = failure.kind.startsWith('scenario') || failure.kind.startsWith('support') ? ` in ${failure.kind}` : '';
  return `${failure.status ?? 'no answer'}${where} → ${problems}`;
}

export function groupFailures(failures: Failure[]): Map<string, Failure[]> {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = signature(failure);
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  return groups;
}

/** The printed summary: counts, each failure group with up to `perGroup` full reproductions, the checks after the run. */
export function summarize(baseUrl: string, report: FuzzReport, adminKey: string, perGroup = 2): string {
  const lines = [
    `fuzz summary: seed ${report.seed}, ${report.sent} requests in ${report.cases} cases (+${report.supportCalls} support calls), ` +
      `${(report.durationMs / 1000).toFixed(1)} s${report.stoppedEarly ? ' (stopped at the time limit)' : ''}`,
    `  statuses: ${Object.entries(report.statusCounts)
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
    `  routes fuzzed: ${Object.keys(report.perTemplate).length}`,
  ];
  for (const note of report.skipped) lines.push(`  not fuzzed: ${note}`);
  if (report.baselineRefused.length)
    lines.push(`  valid requests refused (corpus or platform wrong):`, ...report.baselineRefused.map((l) => `    ${l}`));
  const groups = groupFailures(report.failures);
  lines.push(`  failures: ${report.failures.length} in ${groups.size} groups`);
  for (const [key, failures] of groups) {
    const routes = new Set(failures.map((f) => f.kind.replace(/^baseline /, '')));
    lines.push(
      `\n■ ${failures.length}× ${key}  [${routes.size} route(s): ${[...routes].slice(0, 4).join(', ')}${routes.size > 4 ? ', …' : ''}]`,
    );
    for (const failure of failures.slice(0, perGroup))
      lines.push(formatFailure(baseUrl, { ...failure, request: swapAdminKey(failure.request, adminKey, ADMIN_KEY_MARK) }));
  }
  for (const { index, name, problems } of report.scenarioProblems)
    lines.push(`\n■ broken invariant in case #${index} (${name}): ${problems.join('; ')}`);
  for (const change of report.snapshotChanges) lines.push(`\n■ untouched resource changed: ${change}`);
  for (const problem of report.issuanceProblems) lines.push(`\n■ issuance after the run: ${problem}`);
  return lines.join('\n');
}
