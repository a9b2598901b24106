/** A column of a bulk insert: its name, its SQL type and how to read it from a row. */
export interface BulkColumn<T> {
  name: string;
  /** The column's SQL type (`uuid`, `text`, `timestamptz`, an enum name, `jsonb`...). */
  type: string;
  value: (row: T) => unknown;
}

/** A SQL identifier (table or column name) quoted as PostgreSQL reads it. */
export const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

function arrayElement(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * One INSERT for any number of rows: each column travels as one array parameter and `unnest`
 * turns the arrays back into rows, so the statement has as many parameters as columns (far
 * from PostgreSQL's 65,535) and one round trip writes the whole batch. Rows are inserted in
 * the order given, so identity columns (the timeline's event ids) follow it.
 */
export function unnestInsert<T>(
  table: string,
  columns: readonly BulkColumn<T>[],
  rows: readonly T[],
): { sql: string; params: unknown[] } {
  const names = columns.map((c) => quoteIdentifier(c.name));
  // jsonb travels as text: an array of JSON documents is not something pg can serialise.
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`);
  const selected = columns.map((c) =>
    c.type === 'jsonb' ? `u.${quoteIdentifier(c.name)}::jsonb` : `u.${quoteIdentifier(c.name)}`,
  );
  const sql =
    `INSERT INTO ${quoteIdentifier(table)} (${names.join(', ')}) ` +
    `SELECT ${selected.join(', ')} FROM unnest(${arrays.join(', ')}) WITH ORDINALITY ` +
    `AS u(${names.join(', ')}, "ord") ORDER BY u."ord"`;
  const params = columns.map((c) => rows.map((row) => arrayElement(c.value(row), c.type)));
  return { sql, params };
}
