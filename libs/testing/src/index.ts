export * from './admin-client';
export * from './platform-process';
export * from './sse-reader';
export * from './test-wallet';
