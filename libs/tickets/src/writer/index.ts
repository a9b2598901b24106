export * from './ente-domain.rule';
export * from './ticket-number.allocator';
export * from './ticket-writer.module';
export * from './ticket-writer.repository';
export * from './ticket-writer.service';
export * from './timeline-event.types';
