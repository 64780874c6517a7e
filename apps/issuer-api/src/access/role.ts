/** The roles of API.md §13, each held on the principal's issuers (or on every issuer with `"*"`). */
export const ROLES = ['platform-admin', 'issuer-admin', 'offer-manager', 'status-manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do besides its own: every role reads what `viewer` reads; `issuer-admin` does what
 * `offer-manager` and `status-manager` do; `platform-admin` does everything. Written out rather than computed from an
 * order, because `offer-manager` and `status-manager` are side by side: neither includes the other.
 */
export const ROLE_IMPLIES: Readonly<Record<Role, readonly Role[]>> = {
  'platform-admin': ROLES,
  'issuer-admin': ['issuer-admin', 'offer-manager', 'status-manager', 'viewer'],
  'offer-manager': ['offer-manager', 'viewer'],
  'status-manager': ['status-manager', 'viewer'],
  viewer: ['viewer'],
};

/** Whether roles held together include `required` (directly or by implication). */
export function grants(held: readonly Role[], required: Role): boolean {
  return held.some((role) => ROLE_IMPLIES[role].includes(required));
}
