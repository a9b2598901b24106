/**
 * Real mail servers for end-to-end tests: Dovecot (IMAP, dovecot-server.ts) and an SMTP receiver
 * (smtp-receiver.ts). This file only gathers them, so that specs import one path.
 */
export * from './dovecot-server';
export * from './free-port';
export * from './smtp-receiver';
