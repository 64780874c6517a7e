import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { IssuerApiModule } from '../issuer-api.module';
import { permissionFor } from '../access/admin-permissions';
import { declaredRoutes } from '../access/declared-routes';
import { AuditInterceptor } from './audit.interceptor';

const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, IssuerApiModule) ?? []) as Type[];
const audited = (controller: Type) =>
  ((Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []) as unknown[]).includes(AuditInterceptor);

describe('which controllers the audit interceptor wraps', () => {
  it('every controller with an admin change (a non-GET route of the permission table)', () => {
    const changes = controllers.filter((c) =>
      declaredRoutes(c).some((route) => {
        const [method, path] = route.split(' ');
        return method !== 'GET' && path.startsWith('/api/') && permissionFor(method, path) !== undefined;
      }),
    );
    assert.ok(changes.length > 10, `${changes.length} controllers make admin changes`);
    assert.deepEqual(
      changes.filter((c) => !audited(c)).map((c) => c.name),
      [],
    );
  });

  it('no controller without an admin route (wallet and public requests run without an interceptor chain)', () => {
    const wallet = controllers.filter((c) => declaredRoutes(c).every((route) => !route.split(' ')[1].startsWith('/api/')));
    assert.ok(wallet.some((c) => c.name === 'WalletController'));
    assert.deepEqual(
      wallet.filter(audited).map((c) => c.name),
      [],
    );
  });
});
