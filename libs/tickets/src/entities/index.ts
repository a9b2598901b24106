export * from './category.entity';
export * from './contact.entity';
export * from './ente.entity';
export * from './ticket-event.entity';
export * from './ticket.entity';
export * from './user.entity';
