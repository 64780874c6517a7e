import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceDatabase } from '@issuer/platform';
import { StreamTokenService } from './stream-token.service';

/** The key row the service keeps in issuer_api.settings, held in memory. */
function fakeDatabase(): ServiceDatabase {
  let value: string | undefined;
  return {
    sql: async (text: string, params?: unknown[]) => {
      if (text.startsWith('INSERT')) value ??= params?.[0] as string;
      return { rows: value ? [{ value }] : [], rowCount: value ? 1 : 0 };
    },
  } as unknown as ServiceDatabase;
}

describe('StreamTokenService', () => {
  const service = new StreamTokenService(fakeDatabase());

  it('opens exactly the stream it was minted for and names who minted it', async () => {
    const { token } = await service.issue('acme', 'session-1', 'api-key:k1');
    assert.deepEqual(await service.verify(token, 'acme', 'session-1'), { valid: true, mintedBy: 'api-key:k1' });
    assert.deepEqual(await service.verify(token, 'acme', undefined), { valid: false });
    assert.deepEqual(await service.verify(token, 'other', 'session-1'), { valid: false });
    assert.deepEqual(await service.verify(`${token}x`, 'acme', 'session-1'), { valid: false });
  });

  it("carries an SSO principal's expiry: the token never outlives it and its streams learn when to end", async () => {
    const soon = new Date(Math.floor(Date.now() / 1000) * 1000 + 20_000);
    const minted = await service.issue('acme', undefined, 'oidc:alice', soon);
    assert.ok(minted.expiresIn <= 20 && minted.expiresIn >= 19, `expiresIn ${minted.expiresIn}`);
    const check = await service.verify(minted.token, 'acme', undefined);
    assert.deepEqual(check, { valid: true, mintedBy: 'oidc:alice', mintedUntil: soon });

    const ended = await service.issue('acme', undefined, 'oidc:bob', new Date(Date.now() - 1000));
    assert.equal(ended.expiresIn, 0);
    assert.deepEqual(await service.verify(ended.token, 'acme', undefined), { valid: false }, 'an expired principal mints nothing usable');
  });
});
