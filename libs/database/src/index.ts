export * from './data-source.factory';
export * from './database.module';
export * from './embedded-postgres';
export * from './entities';
export * from './migrate';
export * from './bulk-insert.util';
