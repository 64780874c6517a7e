/**
 * Run in a process of its own by promise-hooks.spec.ts (node:test turns async hooks on in its own process). With the
 * whole issuer-api module graph loaded (every package it imports: audited-users.test-app.ts), it makes an audited admin
 * change through the real interceptor, controller and repository, and prints whether promise hooks are on. Then it turns
 * an async hook on and looks again: that second look shows the check can see them at all.
 */
import { createHook, executionAsyncId } from 'node:async_hooks';
import { startAuditedUsersApp } from './audited-users.test-app';

/** Without promise hooks a promise's continuation runs in no async resource (id 0); with them, in its promise's own. */
async function promiseHooksOn(): Promise<boolean> {
  await null;
  return executionAsyncId() !== 0;
}

async function main(): Promise<void> {
  const { app, database, records } = await startAuditedUsersApp();
  const response = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'POST', url: '/api/v1/issuers/acme/users', payload: { username: 'alice', password: 'correct horse battery' } });
  const afterChange = await promiseHooksOn();
  await app.close();
  createHook({ init: () => undefined }).enable();
  const withHook = await promiseHooksOn();
  const joined = database.transactions.flat().some((s) => s.text.includes('issuer_api.audit '));
  process.stdout.write(JSON.stringify({ status: response.statusCode, joined, records: records.length, afterChange, withHook }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
