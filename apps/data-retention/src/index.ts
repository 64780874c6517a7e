export * from './data-retention.module';
