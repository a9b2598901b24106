import { useEffect, useRef } from 'react';

/** Key -> handler; plain keys only fire outside text fields, so typing never triggers them. */
export type Shortcuts = Record<string, (event: KeyboardEvent) => void>;

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Enter and Space belong to a focused link, button or menu: they activate it. A shortcut on them
 * (the queue's Enter opens the selected ticket) must not fire as well, or Enter on the skip link
 * or on a view button would open a ticket.
 */
function activatesFocused(event: KeyboardEvent): boolean {
  if (event.key !== 'Enter' && event.key !== ' ') return false;
  const el = event.target as HTMLElement | null;
  return !!el?.closest?.('a[href], button, summary, [role="button"], [role="link"], [role="menuitem"]');
}

export function useShortcuts(shortcuts: Shortcuts, enabled = true): void {
  // The latest handlers, read when a key is pressed: updated after each render, not during it.
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target) && event.key !== 'Escape') return;
      if (activatesFocused(event)) return;
      if (document.querySelector('dialog[open]') && event.key !== 'Escape') return;
      const handler = current.current[event.key];
      if (handler) {
        event.preventDefault();
        handler(event);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
