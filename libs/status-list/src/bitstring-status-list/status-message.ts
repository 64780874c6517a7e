/** One `statusMessage` item (Bitstring Status List v1.0 §2.1): `status` is a hex string such as `0x2`. */
export interface StatusMessage {
  status: string;
  message: string;
}

/**
 * Bitstring Status List v1.0 §2.1: with `statusSize` > 1, `statusMessage` is required and has exactly
 * 2^statusSize items, one per value. Returns the problems found (empty when valid).
 */
export function validateStatusMessages(statusSize: number, messages: StatusMessage[] | undefined): string[] {
  if (statusSize <= 1) return [];
  if (!messages) return [`statusMessage is required when statusSize is ${statusSize}`];
  const expected = 2 ** statusSize;
  const problems: string[] = [];
  if (messages.length !== expected)
    problems.push(`statusMessage needs exactly ${expected} items for statusSize ${statusSize}, got ${messages.length}`);
  const seen = new Set<number>();
  for (const item of messages) {
    if (!/^0x[0-9a-fA-F]+$/.test(item.status)) problems.push(`status "${item.status}" is not a hex string like 0x1`);
    else {
      const value = Number.parseInt(item.status.slice(2), 16);
      if (value >= expected) problems.push(`status ${item.status} does not fit in ${statusSize} bits`);
      if (seen.has(value)) problems.push(`status ${item.status} appears twice`);
      seen.add(value);
    }
  }
  return problems;
}
