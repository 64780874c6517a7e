import type { DidDocument, DidMethod, DidSummary } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

export interface DidRecord extends DidSummary {
  webPath: string | null;
  document: DidDocument;
}

interface DidRow {
  did: string;
  method: DidMethod;
  key_id: string;
  web_path: string | null;
  document: DidDocument;
  created_at: Date;
}

const COLUMNS = 'did, method, key_id, web_path, document, created_at';

function toRecord(row: DidRow): DidRecord {
  return {
    did: row.did,
    method: row.method,
    keyId: row.key_id,
    webPath: row.web_path,
    document: row.document,
    createdAt: row.created_at.toISOString(),
  };
}

/** The did_registry.dids table. */
export class DidRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Inserts a DID; `false` when the DID or its did:web path is already taken. */
  async insert(record: Omit<DidRecord, 'createdAt'>): Promise<DidRecord | false> {
    const { rows } = await this.db.sql<DidRow>(
      `INSERT INTO did_registry.dids (did, method, key_id, web_path, document) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [record.did, record.method, record.keyId, record.webPath, record.document],
    );
    return rows[0] ? toRecord(rows[0]) : false;
  }

  async find(did: string): Promise<DidRecord | undefined> {
    const { rows } = await this.db.sql<DidRow>(`SELECT ${COLUMNS} FROM did_registry.dids WHERE did = $1`, [did]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(): Promise<DidRecord[]> {
    const { rows } = await this.db.sql<DidRow>(`SELECT ${COLUMNS} FROM did_registry.dids ORDER BY created_at, did`);
    return rows.map(toRecord);
  }

  async delete(did: string): Promise<boolean> {
    return (await this.db.sql('DELETE FROM did_registry.dids WHERE did = $1', [did])).rowCount > 0;
  }

  async didsOfKey(keyId: string): Promise<string[]> {
    const { rows } = await this.db.sql<{ did: string }>('SELECT did FROM did_registry.dids WHERE key_id = $1 ORDER BY did', [keyId]);
    return rows.map((r) => r.did);
  }
}
