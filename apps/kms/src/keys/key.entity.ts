import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of kms.keys. The private part is only ever stored encrypted (AES-256-GCM, master key). */
@Entity({ schema: 'kms', name: 'keys' })
export class KeyEntity {
  @PrimaryColumn('uuid', { name: 'key_id' }) keyId!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text') type!: string;
  @Column('text') backend!: string;
  @Column('text') alg!: string;
  @Column('jsonb', { name: 'public_jwk' }) publicJwk!: Record<string, unknown>;
  @Column('bytea', { name: 'private_key_encrypted', nullable: true }) privateKeyEncrypted!: Buffer | null;
  @Column('text', { name: 'external_key_id', nullable: true }) externalKeyId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('text', { default: 'ACTIVE' }) status!: string;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt!: Date | null;
  @Column('bigint', { name: 'sign_count', default: 0 }) signCount!: string;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
}
