import type { ImportProblem, ImportRow } from './ticket-import.types';

/** How an ente is written in the file and in the table compares: case, accents kept; spaces folded. */
export function enteKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The code of a new ente, in the style of the existing ones: "Comune di Vinci" -> COMUNE-DI-VINCI. */
export function enteCode(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'ENTE';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n += 1) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

/** The phone intake's matching key (`reference.repository.ts`): digits, without +39/0039. */
export function phoneKey(phone: string | null): string | null {
  if (!phone) return null;
  const key = phone.replace(/[^0-9+]/g, '').replace(/^(\+|00)39/, '');
  return key.length > 0 ? key : null;
}

/** The same key in SQL, so contacts already in the table are found the way intake finds them. */
export const PHONE_KEY_SQL = `regexp_replace(regexp_replace(phone, '[^0-9+]', '', 'g'), '^(\\+|00)39', '')`;

/** Per number year (YYYY-NNNNNN), the highest sequence: where the year's counter must be at least. */
export function counterFloors(numbers: readonly string[]): Map<number, number> {
  const floors = new Map<number, number>();
  for (const number of numbers) {
    const [year, sequence] = number.split('-').map(Number);
    floors.set(year, Math.max(floors.get(year) ?? 0, sequence));
  }
  return floors;
}

/** Splits into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Which rows are already in the help desk (an earlier run of the same import: skipped) and
 * which numbers the help desk already gave to a different ticket (received at another
 * instant): those would be silently lost as "already imported", so they are problems.
 */
export function splitExisting(
  rows: readonly ImportRow[],
  existing: ReadonlyMap<string, Date>,
): { pending: ImportRow[]; skipped: number; problems: ImportProblem[] } {
  const pending: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  let skipped = 0;
  for (const row of rows) {
    const receivedAt = existing.get(row.number);
    if (!receivedAt) pending.push(row);
    else if (receivedAt.getTime() === row.receivedAt.getTime()) skipped += 1;
    else
      problems.push({
        line: row.line,
        column: 'number',
        reason:
          `numero già usato da un altro ticket (ricevuto ${receivedAt.toISOString()}) / ` +
          `number already used by another ticket (received ${receivedAt.toISOString()})`,
      });
  }
  return { pending, skipped, problems };
}
