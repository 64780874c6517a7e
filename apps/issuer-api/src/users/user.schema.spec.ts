import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userCreateSchema, userUpdateSchema } from './user.schema';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.path.join('.'));

describe('user schemas', () => {
  it('takes a username, a password of at least 12 characters and claims (default {})', () => {
    const user = userCreateSchema.parse({ username: 'ada.lovelace@example.com', password: 'twelve chars' });
    assert.deepEqual(user.claims, {});
    assert.deepEqual(paths(userCreateSchema.safeParse({ username: 'ada', password: 'eleven char' })), ['password']);
    // Twelve characters, more UTF-16 units: counted as characters.
    assert.deepEqual(paths(userCreateSchema.safeParse({ username: 'ada', password: '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑' })), []);
    assert.deepEqual(paths(userCreateSchema.safeParse({ username: 'ada', password: 'x'.repeat(1025) })), ['password']);
  });

  it('refuses usernames that are not a plain path segment, and unknown members', () => {
    for (const username of ['', 'a b', 'a/b', 'a%2F', 'x'.repeat(129), 'tab\t'])
      assert.deepEqual(paths(userCreateSchema.safeParse({ username, password: 'long enough password' })), ['username'], username);
    assert.deepEqual(paths(userCreateSchema.safeParse({ username: 'Jürgen_1+x', password: 'long enough password' })), []);
    assert.deepEqual(paths(userCreateSchema.safeParse({ username: 'a', password: 'long enough password', passwordHash: 'x' })), ['']);
  });

  it('updates either member', () => {
    assert.deepEqual(paths(userUpdateSchema.safeParse({})), []);
    assert.deepEqual(paths(userUpdateSchema.safeParse({ claims: { a: 1 } })), []);
    assert.deepEqual(paths(userUpdateSchema.safeParse({ password: 'short' })), ['password']);
    assert.deepEqual(paths(userUpdateSchema.safeParse({ username: 'renamed' })), ['']);
  });
});
