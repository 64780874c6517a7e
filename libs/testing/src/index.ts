export * from './admin-client';
export * from './platform-process';
export * from './sse-reader';
export * from './test-wallet';
export * from './nats-server-process';
export * from './jetstream-reader';
export * from './wait-for';
export * from './test-logger';
