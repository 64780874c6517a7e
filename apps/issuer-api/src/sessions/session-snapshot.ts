import type { ProfileBody } from '../profiles/profile.schema';

/**
 * What a session keeps from the moment its offer was created: the effective profile (the profile
 * version plus runtime overrides) and the credential configuration. Later edits of the profile or the
 * issuer never change an open session.
 */
export interface SessionSnapshot {
  profile: Omit<ProfileBody, 'id'>;
  credentialConfiguration: Record<string, unknown>;
  /**
   * The DID the subject proved control of at an ID token login (API.md §11): the credential subject of the formats
   * that name one (W3C `credentialSubject.id`, SD-JWT VC `sub`), set when the login succeeds.
   */
  loginSubject?: string;
}
