/** JWK members that carry private or symmetric key material (RFC 7517, RFC 7518 §6). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
