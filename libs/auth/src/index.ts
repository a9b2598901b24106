export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './auth.service';
export * from './audit.service';
export * from './password.util';
export * from './referent-read-audit';
export * from './staff-gate';
