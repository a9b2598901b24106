/** A tag as stored: lower-case words joined by hyphens, 1-50 characters (letters, digits, - and _). */
const TAG = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_-]{0,49}$/u;

/**
 * The stored form of what someone typed: trimmed, lower-case, inner spaces as one hyphen
 * ("Rete Comunale" and "rete comunale" are the same tag). Null when nothing valid is left.
 */
export function normaliseTag(raw: string): string | null {
  const name = raw.trim().toLocaleLowerCase('it').replace(/\s+/gu, '-');
  return TAG.test(name) ? name : null;
}

export interface TagDiff {
  added: string[];
  removed: string[];
  /** The ticket's tags afterwards, sorted. */
  next: string[];
}

/**
 * What a change of tags does to a ticket: tags already there are not added twice, tags it does not
 * have are not removed, a tag both added and removed is removed (the later intention wins).
 */
export function diffTags(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): TagDiff {
  const has = new Set(current);
  const removing = new Set(remove.filter((tag) => has.has(tag)));
  const added = [...new Set(add)].filter((tag) => !has.has(tag) && !remove.includes(tag)).sort();
  const removed = [...removing].sort();
  const next = [...current.filter((tag) => !removing.has(tag)), ...added].sort();
  return { added, removed, next };
}
