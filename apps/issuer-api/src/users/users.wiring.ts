import type { Provider, Type } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';

/** The users of the `PASSWORD` login (API.md §11): admin API, storage, hashing (also used by the login page). */
export const USERS_CONTROLLERS: Type[] = [UsersController];

export const USERS_PROVIDERS: Provider[] = [UserRepository, PasswordHasher];
