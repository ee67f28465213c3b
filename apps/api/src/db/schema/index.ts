export * from './audit-log';
export * from './email-outbox';
export * from './enums';
export * from './organizations';
export * from './sessions';
export * from './subscriptions';
export * from './users';
