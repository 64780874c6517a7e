import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

export interface ServerSecrets {
  /** HMAC key of c_nonce values; shared by every replica through the database. */
  nonceKey: Buffer;
}

export const SERVER_SECRETS = Symbol('SERVER_SECRETS');

/** Loads the deployment's protocol secrets, creating them on first start (first writer wins). */
export const serverSecretsProvider: Provider = {
  provide: SERVER_SECRETS,
  inject: [ISSUER_API_DB],
  useFactory: async (db: ServiceDatabase): Promise<ServerSecrets> => {
    await db.sql(`INSERT INTO issuer_api.settings (key, value) VALUES ('nonce-hmac-key', $1) ON CONFLICT DO NOTHING`, [
      randomBytes(32).toString('base64'),
    ]);
    const { rows } = await db.sql<{ value: string }>(`SELECT value FROM issuer_api.settings WHERE key = 'nonce-hmac-key'`);
    return { nonceKey: Buffer.from(rows[0].value, 'base64') };
  },
};
