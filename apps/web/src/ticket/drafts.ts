import { useCallback, useState } from 'react';

/**
 * Drafts of what an agent types on a ticket (answer, note, resolution...), kept in this
 * browser's localStorage per user and ticket: switching form, Esc, going back to the queue or a
 * reload lose nothing (issue 16.6). Only a sent text or an explicit "discard" removes a draft.
 */
export type Draft = Record<string, string>;

const PREFIX = 'helpdesk:draft';

export function draftKey(userId: string, ticketId: string, form: string): string {
  return `${PREFIX}:${userId}:${ticketId}:${form}`;
}

export function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null; // storage disabled or a value from another version: no draft
  }
}

export function dropDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing was kept
  }
}

/** True when a draft holds some text (not just the defaults a form starts with). */
export function hasText(draft: Draft | null, fields: string[]): boolean {
  return !!draft && fields.some((f) => (draft[f] ?? '').trim() !== '');
}

/** A form's values, saved on every change; starts from the saved draft if there is one. */
export function useDraft<T extends Draft>(key: string, empty: T): [T, (patch: Partial<T>) => void] {
  const [value, setValue] = useState<T>(() => ({ ...empty, ...((key && readDraft(key)) || {}) }));
  const update = useCallback(
    (patch: Partial<T>) =>
      setValue((current) => {
        const next = { ...current, ...patch } as T;
        if (!key) return next; // a form without a draft key keeps nothing
        try {
          window.localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // storage full or disabled: the form still works, the draft is not kept
        }
        return next;
      }),
    [key],
  );
  return [value, update];
}
