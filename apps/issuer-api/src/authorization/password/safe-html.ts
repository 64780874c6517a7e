/** Markup that is already safe to insert: built by `markup` (its values escaped) or a constant of the page. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A tagged template for pages (not named `html`: Prettier would reformat the markup, and with it the hashed style): every interpolated value is escaped unless it is `SafeHtml`, so a template cannot
 * forget to escape a value (issuer names, usernames, messages). `undefined`, `false` and `null` insert nothing.
 */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    if (value instanceof SafeHtml) out += value.text;
    else if (value !== undefined && value !== null && value !== false) out += escapeHtml(String(value));
    out += strings[i + 1];
  });
  return new SafeHtml(out);
}
