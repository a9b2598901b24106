export * from './fixtures';
export * from './test-app';
export * from './test-database';
export * from './services';
export * from './mail-servers';
export * from './mail-factory';
export * from './auth-headers';
export * from './eventually';
