import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface TagRow {
  name: string;
  label: string;
  /** How many tickets carry it. */
  tickets: number;
}

/**
 * The only reader and writer of `tag` (the admins' list) and `ticket_tag` (part of the ticket
 * aggregate: written only inside a ticket's locked transaction, see TicketTagger).
 */
@Injectable()
export class TagRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(): Promise<TagRow[]> {
    return this.dataSource.query<TagRow[]>(
      `SELECT g.name, g.label, (SELECT count(*)::int FROM ticket_tag tt WHERE tt.tag = g.name) AS tickets
         FROM tag g ORDER BY g.name`,
    );
  }

  async find(name: string, em?: EntityManager): Promise<TagRow | undefined> {
    const rows = await (em ?? this.dataSource).query<TagRow[]>(
      `SELECT g.name, g.label, (SELECT count(*)::int FROM ticket_tag tt WHERE tt.tag = g.name) AS tickets
         FROM tag g WHERE g.name = $1`,
      [name],
    );
    return rows[0];
  }

  /** Inserts unless the name exists; false when it did. */
  async insert(em: EntityManager, tag: { name: string; label: string }): Promise<boolean> {
    const rows = await em.query<{ name: string }[]>(
      `INSERT INTO tag (name, label) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`,
      [tag.name, tag.label],
    );
    return rows.length > 0;
  }

  async relabel(em: EntityManager, name: string, label: string): Promise<boolean> {
    const rows = await em.query<{ name: string }[]>(
      `WITH done AS (UPDATE tag SET label = $2 WHERE name = $1 RETURNING name) SELECT name FROM done`,
      [name, label],
    );
    return rows.length > 0;
  }

  async remove(em: EntityManager, name: string): Promise<boolean> {
    const rows = await em.query<{ name: string }[]>(
      `WITH done AS (DELETE FROM tag WHERE name = $1 RETURNING name) SELECT name FROM done`,
      [name],
    );
    return rows.length > 0;
  }

  /** Those of these names on the admins' list. */
  async known(em: EntityManager, names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await em.query<{ name: string }[]>(`SELECT name FROM tag WHERE name = ANY($1::text[])`, [
      [...names],
    ]);
    return new Set(rows.map((r) => r.name));
  }

  async ofTicket(em: EntityManager, ticketId: string): Promise<string[]> {
    const rows = await em.query<{ tag: string }[]>(
      `SELECT tag FROM ticket_tag WHERE ticket_id = $1 ORDER BY tag`,
      [ticketId],
    );
    return rows.map((r) => r.tag);
  }

  async addToTicket(em: EntityManager, ticketId: string, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await em.query<unknown>(
      `INSERT INTO ticket_tag (ticket_id, tag) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [ticketId, [...tags]],
    );
  }

  async removeFromTicket(em: EntityManager, ticketId: string, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await em.query<unknown>(`DELETE FROM ticket_tag WHERE ticket_id = $1 AND tag = ANY($2::text[])`, [
      ticketId,
      [...tags],
    ]);
  }
}
