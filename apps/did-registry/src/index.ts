export * from './did-registry.module';
