import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from 'pg';
import { describeOneFileIssuer } from './one-file-issuer-checks';

/** The durable baseline against real PostgreSQL: the same checks as the in-memory one, and its state really in the tables. */
describeOneFileIssuer('durable-baseline', 'durable issuer', (client) => {
  it('keeps each step in PostgreSQL: the redeemed offer, its token and the nonce, all consumed by the credential', async () => {
    const db = new Client({ connectionString: client.target().databaseUrl });
    await db.connect();
    try {
      const { offerId, accessToken, nonce } = await client.redeemedOffer();
      const rows = async () =>
        (
          await db.query<{ offers: number; redeemed: boolean | null; tokens: number; nonces: number }>(
            `SELECT (SELECT count(*)::int FROM offers WHERE offer_id = $1) AS offers, (SELECT redeemed FROM offers WHERE offer_id = $1),
                    (SELECT count(*)::int FROM access_tokens WHERE token = $2) AS tokens, (SELECT count(*)::int FROM nonces WHERE nonce = $3) AS nonces`,
            [offerId, accessToken, nonce],
          )
        ).rows[0];
      assert.deepEqual(await rows(), { offers: 1, redeemed: true, tokens: 1, nonces: 1 });
      assert.equal(await client.issue(accessToken, nonce), 200);
      assert.deepEqual(await rows(), { offers: 0, redeemed: null, tokens: 0, nonces: 0 });
      assert.equal(await client.issue(accessToken, nonce), 401, 'the token was for one credential');
    } finally {
      await db.end();
    }
  });
});
