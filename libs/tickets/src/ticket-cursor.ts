import { ValidationError } from '@app/common';

/** Keyset pagination: the sort value and id of the last row seen, opaque to clients. */
export interface TicketCursor {
  value: string;
  id: string;
}

export function encodeCursor(cursor: TicketCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): TicketCursor {
  try {
    const [value, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id))
      return { value, id };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', reason: 'cursore non valido / invalid cursor' }]);
}
