import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig, LOGGER, type Logger, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { SecretBox } from './secret-box';

export const SECRET_BOX = Symbol('SECRET_BOX');

const envSchema = z.object({
  SECRETS_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
});

/**
 * The key that seals webhook secrets. SECRETS_ENCRYPTION_KEY (standalone and the local cluster generate
 * one in DATA_DIR) keeps it out of the database, so a database dump alone does not reveal the secrets.
 * Without it a key is generated once into issuer_api.settings, shared by every replica, with a warning.
 */
export const secretBoxProvider: Provider = {
  provide: SECRET_BOX,
  inject: [ISSUER_API_DB, LOGGER],
  useFactory: async (db: ServiceDatabase, logger: Logger): Promise<SecretBox> => {
    const configured = loadConfig(envSchema, process.env).SECRETS_ENCRYPTION_KEY;
    if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
    logger.warn('SECRETS_ENCRYPTION_KEY is not set: webhook secrets are sealed with a key kept in the same database');
    await db.sql(`INSERT INTO issuer_api.settings (key, value) VALUES ('secrets-encryption-key', $1) ON CONFLICT DO NOTHING`, [
      randomBytes(32).toString('base64'),
    ]);
    const { rows } = await db.sql<{ value: string }>(`SELECT value FROM issuer_api.settings WHERE key = 'secrets-encryption-key'`);
    return new SecretBox(Buffer.from(rows[0].value, 'base64'));
  },
};
