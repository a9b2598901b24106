/**
 * How a CSV is written: `plain` is the api's default (comma, dot, no BOM: what scripts parse);
 * `it` is for Italian Excel (semicolon, decimal comma, UTF-8 BOM), `en` for English Excel (comma,
 * dot, BOM). The UI asks for its language's dialect (issue 16.20).
 */
export type CsvDialect = 'plain' | 'it' | 'en';

const SEPARATOR: Record<CsvDialect, string> = { plain: ',', it: ';', en: ',' };

/** A number, or a text that is only a number ("87.5", "+1.998%", "99.00%"), as the dialect writes it. */
function localised(value: string, dialect: CsvDialect): string {
  return dialect === 'it' && /^[+-]?\d+\.\d+%?$/.test(value) ? value.replace('.', ',') : value;
}

/**
 * Only what a spreadsheet would run as a formula is defused with a leading apostrophe: a cell
 * starting with "=", "@", a tab or a carriage return, or with "+" / "-" followed by something
 * other than a plain number or a lone dash. "+1.998%", "-0.5", "-" stay as they are.
 */
function defused(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-]?(\d+([.,]\d+)?%?( ?ms)?)?$/.test(value)) return `'${value}`;
  return value;
}

export function csvCell(value: string, dialect: CsvDialect = 'plain'): string {
  const safe = defused(localised(value, dialect));
  const separator = SEPARATOR[dialect];
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line in the dialect. */
export function csvLine(cells: readonly unknown[], dialect: CsvDialect = 'plain'): string {
  return cells.map((v) => csvCell(String(v ?? ''), dialect)).join(SEPARATOR[dialect]);
}

/** A whole CSV document: CRLF lines, and the BOM Excel needs to read UTF-8 in the UI dialects. */
export function csvDocument(rows: readonly (readonly unknown[])[], dialect: CsvDialect = 'plain'): string {
  const text = rows.map((r) => csvLine(r, dialect)).join('\r\n') + '\r\n';
  return dialect === 'plain' ? text : `\uFEFF${text}`;
}
