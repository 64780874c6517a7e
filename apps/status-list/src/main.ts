import 'reflect-metadata';
import { startService } from '@issuer/platform';
import { StatusListModule, STATUS_LIST_SERVICE_NAME } from './status-list.module';

startService(STATUS_LIST_SERVICE_NAME, StatusListModule);
