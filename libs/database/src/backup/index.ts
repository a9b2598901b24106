export * from './backup.errors';
export * from './backup-manifest';
export * from './create-backup';
export * from './restore-backup';
export { describeTarget, type TargetContents } from './restore-plan';
