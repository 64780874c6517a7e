export * from './status-list.module';
