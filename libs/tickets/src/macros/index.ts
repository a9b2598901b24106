export * from './macro-template.util';
export * from './macro-steps.util';
