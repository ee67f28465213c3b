export * from './enums';
export * from './errors';
export * from './policy';
export * from './schemas/auth';
export * from './schemas/health';
export * from './schemas/pagination';
export * from './schemas/subscription';
export * from './schemas/tier';
