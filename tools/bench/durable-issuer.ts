import { Pool } from 'pg';
import { serveOneFileIssuer, type OneFileStore, type StoredOffer } from './one-file-issuer';

/**
 * The durable baseline: the one-file issuer (one-file-issuer.ts) with its state in PostgreSQL (DATABASE_URL) — what a
 * careful one-file issuer does to survive a restart: one statement per protocol step (two for the credential: the
 * token before the proof, as the 401 comes first), each its own committed transaction, named prepared statements, a
 * pool of 20 connections, no batching, no events, no audit. It shows what durability alone costs on the machine at
 * hand, next to the in-memory baseline. Only the benchmark starts it; it creates its tables if they are missing.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS offers (offer_id text PRIMARY KEY, code text NOT NULL UNIQUE, tx_code text NOT NULL,
     expires_at bigint NOT NULL, redeemed boolean NOT NULL DEFAULT false)`,
  `CREATE TABLE IF NOT EXISTS access_tokens (token text PRIMARY KEY, offer_id text NOT NULL, expires_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS nonces (nonce text PRIMARY KEY, expires_at bigint NOT NULL)`,
];

class PostgresStore implements OneFileStore {
  constructor(private readonly pool: Pool) {}

  async createOffer(offerId: string, offer: StoredOffer): Promise<void> {
    await this.pool.query({
      name: 'create-offer',
      text: 'INSERT INTO offers (offer_id, code, tx_code, expires_at) VALUES ($1, $2, $3, $4)',
      values: [offerId, offer.code, offer.txCode, offer.expiresAt],
    });
  }

  async offer(offerId: string, now: number): Promise<StoredOffer | undefined> {
    const { rows } = await this.pool.query<{ code: string; tx_code: string; expires_at: string }>({
      name: 'read-offer',
      text: 'SELECT code, tx_code, expires_at FROM offers WHERE offer_id = $1 AND expires_at >= $2',
      values: [offerId, now],
    });
    return rows[0] && { code: rows[0].code, txCode: rows[0].tx_code, expiresAt: Number(rows[0].expires_at) };
  }

  async redeem(code: string, txCode: string, accessToken: string, tokenExpiresAt: number, now: number): Promise<boolean> {
    const { rowCount } = await this.pool.query({
      name: 'redeem',
      text: `WITH redeemed AS (UPDATE offers SET redeemed = true
                               WHERE code = $1 AND tx_code = $2 AND NOT redeemed AND expires_at >= $5 RETURNING offer_id)
             INSERT INTO access_tokens (token, offer_id, expires_at) SELECT $3, offer_id, $4 FROM redeemed`,
      values: [code, txCode, accessToken, tokenExpiresAt, now],
    });
    return rowCount === 1;
  }

  async addNonce(nonce: string, expiresAt: number): Promise<void> {
    await this.pool.query({
      name: 'add-nonce',
      text: 'INSERT INTO nonces (nonce, expires_at) VALUES ($1, $2)',
      values: [nonce, expiresAt],
    });
  }

  async tokenValid(accessToken: string, now: number): Promise<boolean> {
    const { rowCount } = await this.pool.query({
      name: 'token-valid',
      text: 'SELECT 1 FROM access_tokens WHERE token = $1 AND expires_at >= $2',
      values: [accessToken, now],
    });
    return rowCount === 1;
  }

  /**
   * The nonce, the token and the offer go in one statement, each single-use: the token only with a valid nonce; a nonce
   * is spent even if the token was spent meanwhile by a concurrent request (it is single-use either way).
   */
  async complete(accessToken: string, nonce: string, now: number): Promise<'ok' | 'invalid_nonce' | 'invalid_token'> {
    const { rows } = await this.pool.query<{ nonce_ok: boolean; token_ok: boolean }>({
      name: 'complete',
      text: `WITH used_nonce AS (DELETE FROM nonces WHERE nonce = $1 AND expires_at >= $3 RETURNING 1),
                  used_token AS (DELETE FROM access_tokens WHERE token = $2 AND expires_at >= $3
                                   AND EXISTS (SELECT 1 FROM used_nonce) RETURNING offer_id),
                  done AS (DELETE FROM offers WHERE offer_id IN (SELECT offer_id FROM used_token))
             SELECT EXISTS (SELECT 1 FROM used_nonce) AS nonce_ok, EXISTS (SELECT 1 FROM used_token) AS token_ok`,
      values: [nonce, accessToken, now],
    });
    if (!rows[0].nonce_ok) return 'invalid_nonce';
    return rows[0].token_ok ? 'ok' : 'invalid_token';
  }

  /** No index on expires_at: rows leave the tables when their flow completes, so the tables stay small, like the Maps. */
  async sweep(now: number): Promise<void> {
    await this.pool.query({
      name: 'sweep',
      text: `WITH a AS (DELETE FROM offers WHERE expires_at < $1), b AS (DELETE FROM access_tokens WHERE expires_at < $1)
             DELETE FROM nonces WHERE expires_at < $1`,
      values: [now],
    });
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL: the PostgreSQL database of the durable baseline');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // An idle connection the server closed is replaced by the pool; without a listener its error would end the process.
  pool.on('error', (error) => process.stderr.write(`idle connection failed: ${error.message}\n`));
  for (const sql of SCHEMA) await pool.query(sql);
  await serveOneFileIssuer(new PostgresStore(pool), 'durable issuer', () => pool.end());
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
