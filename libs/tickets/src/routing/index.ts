export * from './routing-core.module';
export * from './routing-engine.service';
export * from './routing-match';
export * from './routing-rule.dto';
export * from './routing-rule.repository';
export * from './routing-rule.service';
export * from './routing-rules.controller';
