import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, UsePipes } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { PasswordHasher } from './password-hasher';
import { UserRepository, type UserRecord } from './user.repository';
import { userCreateSchema, userUpdateSchema, type UserCreate, type UserDto, type UserUpdate } from './user.schema';

/** Admin CRUD of the users of the `PASSWORD` login (API.md §11). Passwords go in, never out. */
@Controller('api/v1/issuers/:issuerId/users')
@UsePipes(new SafeInputPipe())
export class UsersController {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  @Post()
  async create(
    @Param('issuerId') issuerId: string,
    @Body(new SchemaPipe(userCreateSchema)) user: UserCreate,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<UserDto> {
    await this.requireIssuer(issuerId);
    const record = await this.users.insert(issuerId, user.username, await this.hasher.hash(user.password), user.claims, audit);
    if (!record) throw new AppError('CONFLICT', `user ${user.username} already exists`, [{ path: 'username', message: 'already exists' }]);
    return toUserDto(record);
  }

  @Get()
  async list(@Param('issuerId') issuerId: string): Promise<{ items: UserDto[] }> {
    await this.requireIssuer(issuerId);
    return { items: (await this.users.list(issuerId)).map(toUserDto) };
  }

  @Get(':username')
  async get(@Param('issuerId') issuerId: string, @Param('username') username: string): Promise<UserDto> {
    await this.requireIssuer(issuerId);
    const record = await this.users.find(issuerId, username);
    if (!record) throw AppError.notFound(`user ${username}`);
    return toUserDto(record);
  }

  @Put(':username')
  async update(
    @Param('issuerId') issuerId: string,
    @Param('username') username: string,
    @Body(new SchemaPipe(userUpdateSchema)) change: UserUpdate,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<UserDto> {
    await this.requireIssuer(issuerId);
    const record = await this.users.update(
      issuerId,
      username,
      {
        ...(change.password !== undefined ? { passwordHash: await this.hasher.hash(change.password) } : {}),
        ...(change.claims !== undefined ? { claims: change.claims } : {}),
      },
      audit,
    );
    if (!record) throw AppError.notFound(`user ${username}`);
    return toUserDto(record);
  }

  @Delete(':username')
  @HttpCode(204)
  async remove(
    @Param('issuerId') issuerId: string,
    @Param('username') username: string,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<void> {
    await this.requireIssuer(issuerId);
    if (!(await this.users.delete(issuerId, username, audit))) throw AppError.notFound(`user ${username}`);
  }

  private async requireIssuer(issuerId: string): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
  }
}

function toUserDto(record: UserRecord): UserDto {
  return {
    username: record.username,
    claims: record.claims,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
