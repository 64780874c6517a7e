import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@issuer/platform';
import type { Principal } from './principal';
import { PrincipalAuthenticator } from './principal-authenticator';
import type { PrincipalResolver } from './principal-resolver';

const principal = (id: string): Principal => ({ type: 'api-key', id, roles: ['viewer'], issuers: ['acme'] });
const resolver = (answer: (bearer: string) => Principal | undefined | never): PrincipalResolver => ({
  resolve: (bearer) => Promise.resolve().then(() => answer(bearer)),
});

async function refusal(authenticator: PrincipalAuthenticator, header: string | undefined): Promise<string> {
  const error = await authenticator.authenticate(header).then(
    () => assert.fail('authenticated'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AppError);
  return `${error.status} ${error.message}`;
}

describe('principal authentication', () => {
  it('asks the resolvers in order; the first that knows the credential answers', async () => {
    const asked: string[] = [];
    const authenticator = new PrincipalAuthenticator([
      resolver((bearer) => (asked.push('first'), bearer === 'one' ? principal('1') : undefined)),
      resolver((bearer) => (asked.push('second'), bearer === 'two' ? principal('2') : undefined)),
    ]);
    assert.equal((await authenticator.authenticate('Bearer two')).id, '2');
    assert.deepEqual(asked, ['first', 'second']);
    assert.equal((await authenticator.authenticate('bearer   one')).id, '1', 'the scheme is case-insensitive');
  });

  it('refuses with 401: no or malformed header, a credential nobody knows, one its resolver rejects', async () => {
    const authenticator = new PrincipalAuthenticator([
      resolver((bearer) => {
        if (bearer.startsWith('isk_')) throw new AppError('UNAUTHORIZED', 'revoked');
        return undefined;
      }),
    ]);
    assert.equal(await refusal(authenticator, undefined), '401 An admin API key is required (Authorization: Bearer <key>)');
    assert.equal(await refusal(authenticator, 'Basic dXNlcjpwYXNz'), '401 An admin API key is required (Authorization: Bearer <key>)');
    assert.equal(await refusal(authenticator, 'Bearer a b'), '401 An admin API key is required (Authorization: Bearer <key>)');
    assert.equal(await refusal(authenticator, 'Bearer unknown'), '401 The admin API key is not valid');
    assert.equal(await refusal(authenticator, 'Bearer isk_gone'), '401 revoked');
  });
});
