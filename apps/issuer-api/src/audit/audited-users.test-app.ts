import 'reflect-metadata';
import { Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import pino from 'pino';
import type { PoolClient } from 'pg';
import type { AuditRecord } from '@issuer/contracts';
import { LOGGER, type ServiceDatabase } from '@issuer/platform';
import { ResourceOwnerRepository } from '../access/ownership/resource-owner.repository';
import type { Principal } from '../access/principal';
import { setPrincipal } from '../access/request-principal';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { PasswordHasher } from '../users/password-hasher';
import { UserRepository } from '../users/user.repository';
import { UsersController } from '../users/users.controller';
import { AuditEventsRelay } from './audit-events.relay';
import { AuditTrail } from './audit-trail';
import { AuditRepository } from './audit.repository';
import { AuditInterceptor } from './audit.interceptor';
// For its declaration: it puts the AuditInterceptor on UsersController (audited-controllers.ts), as in production.
import '../issuer-api.module';

/** What reached the database: statements inside transactions (one list per transaction) and plain ones. */
export interface RecordedDatabase {
  transactions: { text: string; values: unknown[] }[][];
  plain: string[];
  /** Rows the users statements change (0: the username is taken, or unknown). */
  usersRowCount: number;
}

const PRINCIPAL: Principal = { type: 'admin-key', id: 'a1b2c3d4', roles: ['platform-admin'], issuers: '*' };

/** Stands in for AccessGuard: every request is the platform admin's. */
@Injectable()
class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    setPrincipal(context.switchToHttp().getRequest<FastifyRequest>(), PRINCIPAL);
    return true;
  }
}

function recordingDatabase(state: RecordedDatabase): ServiceDatabase {
  const answer = (text: string) => {
    if (!text.includes('issuer_api.users')) return { rows: [], rowCount: 1 };
    const row = { issuer_id: 'acme', username: 'alice', claims: {}, created_at: new Date(), updated_at: new Date() };
    return { rows: Array.from({ length: state.usersRowCount }, () => row), rowCount: state.usersRowCount };
  };
  const db = {
    sql: async (text: string) => {
      state.plain.push(text);
      return answer(text);
    },
    transaction: async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
      const statements: { text: string; values: unknown[] }[] = [];
      state.transactions.push(statements);
      const client = {
        query: async (text: string, values: unknown[] = []) => {
          statements.push({ text, values });
          return answer(text);
        },
      };
      return work(client as unknown as PoolClient);
    },
  };
  return db as unknown as ServiceDatabase;
}

/**
 * The users admin API (a change the audit joins to its transaction) behind the real AuditInterceptor and AuditTrail,
 * over a database and an audit repository that record what they are given. Loads the whole issuer-api module graph. Used by audit.interceptor.spec.ts and, in
 * a process of its own, by promise-hooks.probe.ts.
 */
export async function startAuditedUsersApp(): Promise<{
  app: NestFastifyApplication;
  database: RecordedDatabase;
  /** The records written after the fact (AuditTrail.finish). */
  records: AuditRecord[];
}> {
  const database: RecordedDatabase = { transactions: [], plain: [], usersRowCount: 1 };
  const records: AuditRecord[] = [];
  @Module({
    controllers: [UsersController],
    providers: [
      UserRepository,
      AuditTrail,
      AuditInterceptor,
      { provide: ISSUER_API_DB, useValue: recordingDatabase(database) },
      { provide: IssuerCatalog, useValue: { issuer: async () => ({}) } },
      { provide: PasswordHasher, useValue: { hash: async (password: string) => `hashed:${password.length}` } },
      { provide: AuditRepository, useValue: { append: async (record: AuditRecord) => void records.push(record) } },
      { provide: ResourceOwnerRepository, useValue: { find: async () => undefined } },
      { provide: AuditEventsRelay, useValue: { kick: () => undefined } },
      { provide: LOGGER, useValue: pino({ level: 'silent' }) },
    ],
  })
  class AuditedUsersModule {}

  const app = await NestFactory.create<NestFastifyApplication>(AuditedUsersModule, new FastifyAdapter(), { logger: false });
  app.useGlobalGuards(new AdminGuard());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, database, records };
}
