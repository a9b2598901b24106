export * from './data-source.factory';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrate';
export * from './bulk-insert.util';
export * from './savepoint';
export * from './entity-columns.util';
