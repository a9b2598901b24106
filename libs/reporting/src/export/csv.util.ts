/** One CSV line; cells that a spreadsheet would run as a formula (=, +, -, @) are defused. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map((v) => csvCell(String(v ?? ''))).join(',');
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
