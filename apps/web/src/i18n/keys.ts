import { it } from './it';

/**
 * The keys the UI builds from data (a ticket's channel or status, a timeline event's type): each
 * value is checked against the dictionary first, so `t()` sees a known key and a value the UI
 * does not know (a newer api) is shown as it comes instead of as a bare key.
 */
export type ChannelName = keyof typeof it.channel;
export type StatusName = keyof typeof it.status;
export type EventName = keyof typeof it.event;

const has = (group: object, value: unknown): boolean =>
  typeof value === 'string' && Object.hasOwn(group, value);

export const isChannelName = (value: unknown): value is ChannelName => has(it.channel, value);
export const isStatusName = (value: unknown): value is StatusName => has(it.status, value);
export const isEventName = (value: unknown): value is EventName => has(it.event, value);
