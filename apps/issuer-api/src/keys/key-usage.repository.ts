import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

/** An issuer configuration naming the key, and in which of its fields. */
export interface IssuerKeyUse {
  issuerId: string;
  fields: ('tokenKeyId' | 'statusListKeyId' | 'signedMetadata.keyId')[];
}

/** A profile whose `issuerKeyId` is the key; only ACTIVE ones keep the key from being deleted or disabled. */
export interface ProfileKeyUse {
  issuerId: string;
  profileId: string;
  status: string;
}

/**
 * Where issuer-api's configurations name a kms key: the same places IssuerRepository.isKeyInUse checks, but listing
 * them. issuers and profiles are configuration tables (hundreds of rows, not sessions): a scan of each is cheap.
 */
@Injectable()
export class KeyUsageRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  async issuers(keyId: string): Promise<IssuerKeyUse[]> {
    const { rows } = await this.db.sql<{ issuer_id: string; token: boolean; status_list: boolean; metadata: boolean }>(
      `SELECT issuer_id, config->>'tokenKeyId' = $1 AS token, config->>'statusListKeyId' = $1 AS status_list,
              config->'signedMetadata'->>'keyId' = $1 AS metadata
       FROM issuer_api.issuers
       WHERE config->>'tokenKeyId' = $1 OR config->>'statusListKeyId' = $1 OR config->'signedMetadata'->>'keyId' = $1
       ORDER BY issuer_id LIMIT 1000`,
      [keyId],
    );
    return rows.map((r) => ({
      issuerId: r.issuer_id,
      fields: [
        ...(r.token ? (['tokenKeyId'] as const) : []),
        ...(r.status_list ? (['statusListKeyId'] as const) : []),
        ...(r.metadata ? (['signedMetadata.keyId'] as const) : []),
      ],
    }));
  }

  async profiles(keyId: string): Promise<ProfileKeyUse[]> {
    const { rows } = await this.db.sql<{ issuer_id: string; profile_id: string; status: string }>(
      `SELECT issuer_id, profile_id, status FROM issuer_api.profiles WHERE body->>'issuerKeyId' = $1
       ORDER BY issuer_id, profile_id LIMIT 1000`,
      [keyId],
    );
    return rows.map((r) => ({ issuerId: r.issuer_id, profileId: r.profile_id, status: r.status }));
  }
}
