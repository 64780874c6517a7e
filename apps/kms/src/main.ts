import 'reflect-metadata';
import { startService } from '@issuer/platform';
import { KmsModule, KMS_SERVICE_NAME } from './kms.module';

startService(KMS_SERVICE_NAME, KmsModule);
