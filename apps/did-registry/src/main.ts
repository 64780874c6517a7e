import 'reflect-metadata';
import { startService } from '@issuer/platform';
import { DidRegistryModule, DID_REGISTRY_SERVICE_NAME } from './did-registry.module';

startService(DID_REGISTRY_SERVICE_NAME, DidRegistryModule);
