import { EntityMetadata } from 'typeorm';

import { quoteIdentifier as quote } from './bulk-insert.util';

const cache = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * An entity's columns as a plain SELECT list (`"t"."received_at" AS "receivedAt", ...`), read from
 * its mapping once per alias. A hot path can then lock and read a row with `em.query` and get the
 * entity's shape without the query builder, whose statement building and row hydration cost more
 * CPU than the statement itself on every action (issue 22). Plain columns only: the result is a
 * plain object, relations are not loaded, and column transformers are not applied.
 */
export function entitySelectList(metadata: EntityMetadata, alias: string): string {
  let byAlias = cache.get(metadata);
  if (!byAlias) cache.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) {
    const transformed = metadata.columns.filter((c) => c.transformer);
    if (transformed.length) {
      throw new Error(
        `${metadata.name}: columns with transformers (${transformed.map((c) => c.propertyName)})`,
      );
    }
    list = metadata.columns
      .map((c) => `${quote(alias)}.${quote(c.databaseName)} AS ${quote(c.propertyPath)}`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}
