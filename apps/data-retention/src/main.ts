import 'reflect-metadata';
import { startService } from '@issuer/platform';
import { DataRetentionModule, DATA_RETENTION_SERVICE_NAME } from './data-retention.module';

startService(DATA_RETENTION_SERVICE_NAME, DataRetentionModule);
