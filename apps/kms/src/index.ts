export { KmsModule, KMS_SERVICE_NAME } from './kms.module';
