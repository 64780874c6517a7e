import type { Provider } from '@nestjs/common';
import { CredentialStatusController } from './credential-status.controller';
import { CredentialStatusRepository } from './credential-status.repository';
import { StatusAllocator } from './status-allocator';
import { StatusListsController } from './status-lists.controller';
import { StatusSignersClient } from './status-signers.client';

/** Credential status at the edge: public lists, admin status changes, allocation during issuance. */
export const STATUS_LIST_CONTROLLERS = [StatusListsController, CredentialStatusController];
export const STATUS_LIST_PROVIDERS: Provider[] = [StatusAllocator, CredentialStatusRepository, StatusSignersClient];
