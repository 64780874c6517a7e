/** A timestamp of the API in the reader's locale; `none` when absent. */
export function formatDateTime(iso: string | null | undefined, none = 'never'): string {
  if (!iso) return none;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** An event time to the second: events of one issuance are often within the same minute. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `token_request_pre_authorized_code_succeeded` → `Token request pre-authorized code succeeded`. */
export function eventLabel(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace('pre authorized', 'pre-authorized')
    .replace('sd jwt vc', 'SD-JWT VC')
    .replace('w3c vc', 'W3C VC')
    .replace('mso mdoc', 'mdoc');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
