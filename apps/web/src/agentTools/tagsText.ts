import type { TFunction } from 'i18next';

/** A `tags_changed` timeline entry in words: "Etichette: +pec, +rete, −stampanti". */
export function tagsChangedText(t: TFunction, payload: Record<string, unknown>): string {
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const changes = [
    ...names(payload.added).map((tag) => `+${tag}`),
    ...names(payload.removed).map((tag) => `−${tag}`),
  ];
  return t('agentToolsX.tags.event', { changes: changes.join(', ') });
}
