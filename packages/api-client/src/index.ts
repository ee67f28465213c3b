export * from './api-error';
export * from './create-api-client';
export * from './live-events';
export * from './session-manager';
