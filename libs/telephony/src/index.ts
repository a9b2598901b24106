export * from './call-fold';
export { CtiService } from './cti.service';
export type { CtiEventResult } from './cti.service';
export { PhoneCallRepository } from './phone-call.repository';
export type { CallerContact, PhoneCallRow } from './phone-call.repository';
export { TelephonyModule } from './telephony.module';
export { PhoneCallFeed } from './phone-call-feed.service';
export type { LiveCall, OpenTicket } from './phone-call-feed.service';
