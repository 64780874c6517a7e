import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyActivity,
  classifyProcess,
  GROUP_NATS,
  GROUP_NODE,
  GROUP_OTHER,
  GROUP_PG_BACKENDS,
  GROUP_PG_SERVER,
  GROUP_PG_SHARED,
  GROUP_PROXY,
} from './processes';

describe('bench process classification', () => {
  it('names the platform Node processes by their entry point', () => {
    assert.deepEqual(classifyProcess('node', '/usr/bin/node --enable-source-maps /work/main/dist/apps/standalone/src/main.js'), {
      group: GROUP_NODE,
      label: 'standalone',
    });
    assert.deepEqual(classifyProcess('node', 'node --enable-source-maps /w/dist/apps/issuer-api/src/main.js').label, 'issuer-api');
    assert.deepEqual(classifyProcess('node', 'node /w/dist/deploy/local-cluster/start-cluster.js'), {
      group: GROUP_PROXY,
      label: 'cluster launcher + proxy',
    });
    assert.deepEqual(classifyProcess('node', 'node /w/dist/tools/bench/in-memory-issuer.js').label, 'in-memory issuer');
  });

  it('tells PostgreSQL backends from the server processes by their process titles', () => {
    const pg = (title: string) => classifyProcess('postgres', title);
    assert.deepEqual(pg('postgres: postgres issuer [local] idle'), { group: GROUP_PG_BACKENDS, label: 'backend' });
    assert.deepEqual(pg('postgres: 15/main: postgres e2e_ab12 127.0.0.1(53412) UPDATE'), { group: GROUP_PG_BACKENDS, label: 'backend' });
    assert.deepEqual(pg('postgres: autovacuum worker issuer'), { group: GROUP_PG_BACKENDS, label: 'autovacuum worker' });
    assert.deepEqual(pg('postgres: checkpointer '), { group: GROUP_PG_SERVER, label: 'checkpointer' });
    assert.deepEqual(pg('postgres: 15/main: walwriter '), { group: GROUP_PG_SERVER, label: 'walwriter' });
    assert.deepEqual(pg('postgres: background writer '), { group: GROUP_PG_SERVER, label: 'background writer' });
    assert.deepEqual(pg('postgres: logical replication launcher '), { group: GROUP_PG_SERVER, label: 'logical replication launcher' });
    assert.deepEqual(pg('/x/native/bin/postgres -D /tmp/issuer-standalone-1/pg -p 40001'), { group: GROUP_PG_SERVER, label: 'postmaster' });
  });

  it('knows the NATS server and leaves anything else apart', () => {
    assert.equal(classifyProcess('nats-server', '/usr/sbin/nats-server -p 4333').group, GROUP_NATS);
    assert.deepEqual(classifyProcess('sh', 'sh -c true'), { group: GROUP_OTHER, label: 'sh' });
  });

  it('counts a shared server backend only for the platform database, and shows the server processes uncounted', () => {
    assert.deepEqual(classifyActivity({ pid: 5, backendType: 'client backend', datname: 'e2e_1' }, 'e2e_1'), {
      pid: 5,
      group: GROUP_PG_BACKENDS,
      label: 'backend',
      counted: true,
    });
    assert.equal(classifyActivity({ pid: 6, backendType: 'autovacuum worker', datname: 'e2e_1' }, 'e2e_1')?.label, 'autovacuum worker');
    assert.equal(classifyActivity({ pid: 7, backendType: 'client backend', datname: 'other' }, 'e2e_1'), undefined);
    assert.deepEqual(classifyActivity({ pid: 8, backendType: 'walwriter', datname: null }, 'e2e_1'), {
      pid: 8,
      group: GROUP_PG_SHARED,
      label: 'walwriter',
      counted: false,
    });
  });
});
