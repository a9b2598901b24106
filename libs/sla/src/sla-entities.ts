/** The SLA tables' entities, importable without the Nest module graph (the DataSource needs them). */
export * from './sla-clock.entity';
export * from './sla-policy.entity';
