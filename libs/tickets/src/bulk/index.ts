export * from './agent-tools.module';
export * from './bulk.dto';
