import { inSpan } from '@app/common';
import { MetricsService } from '@app/metrics';
import { Logger } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';

import { MailIngestService } from '../ingest/mail-ingest.service';
import { MailboxRepository, MailboxRow } from '../mailboxes/mailbox.repository';
import { SecretBox } from '../mailboxes/secret-box.service';
import { closeImap, connectImap, ImapAuthError } from './imap-client.provider';

/** Marks a mail ingested on servers without a processed folder. */
export const INGESTED_KEYWORD = '$HelpdeskIngested';
const FETCH_CHUNK = 50;
const MAX_BACKOFF_MS = 60_000;

export interface WatcherDeps {
  mailboxes: MailboxRepository;
  secrets: SecretBox;
  ingest: MailIngestService;
  owner: string;
  pollSeconds: number;
  logger: Logger;
  metrics: MetricsService;
}

/**
 * Watches one mailbox while this process holds its lease: ingests what is there, then waits for
 * new mail (EXISTS while idling, or the poll interval), reconnecting with backoff after any
 * failure. A mail is flagged or moved on the server only after its ingestion committed, so a
 * crash between the two re-fetches it and the recorded position makes that a no-op.
 */
export class MailboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    readonly mailboxId: string,
    private readonly deps: WatcherDeps,
  ) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await closeImap(this.client);
    await this.done;
    await this.deps.mailboxes.releaseLease(this.mailboxId, this.deps.owner).catch(() => undefined);
  }

  private get leaseSeconds(): number {
    return Math.max(10, this.deps.pollSeconds * 3);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!(await this.deps.mailboxes.acquireLease(this.mailboxId, this.deps.owner, this.leaseSeconds))) {
          await closeImap(this.client);
          this.client = null;
          await this.sleep(this.deps.pollSeconds * 1000);
          continue;
        }
        const mailbox = await this.deps.mailboxes.find(this.mailboxId);
        if (!mailbox || !mailbox.active) return;
        if (!this.client || !this.client.usable) this.client = await this.connect(mailbox);
        await this.syncOnce(this.client, mailbox);
        await this.deps.mailboxes.recordPoll(this.mailboxId, null);
        this.deps.metrics.mailboxBacklogAge.set({ mailbox: mailbox.name }, 0);
        this.deps.metrics.mailboxLastSuccess.set({ mailbox: mailbox.name }, Date.now() / 1000);
        failures = 0;
        await this.waitForMail(this.client);
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.warn(`Mailbox ${this.mailboxId}: ${message} (attempt ${failures})`);
        await this.deps.mailboxes.recordPoll(this.mailboxId, message.slice(0, 1000)).catch(() => undefined);
        await closeImap(this.client);
        this.client = null;
        const base = error instanceof ImapAuthError ? MAX_BACKOFF_MS : 1_000 * 2 ** Math.min(failures - 1, 6);
        await this.sleep(Math.min(base, MAX_BACKOFF_MS));
      }
    }
  }

  private async connect(mailbox: MailboxRow): Promise<ImapFlow> {
    const sealed = await this.deps.mailboxes.connectionSecret(mailbox.id);
    const client = await connectImap(
      {
        host: mailbox.imapHost,
        port: mailbox.imapPort,
        tls: mailbox.imapTls,
        user: mailbox.imapUser,
        password: sealed ? this.deps.secrets.decrypt(sealed) : '',
      },
      this.deps.logger,
    );
    client.on('exists', () => this.wake?.());
    client.on('close', () => this.wake?.());
    await client.mailboxOpen(mailbox.folder);
    if (mailbox.processedFolder) {
      const folders = await client.list();
      if (!folders.some((f) => f.path === mailbox.processedFolder))
        await client.mailboxCreate(mailbox.processedFolder);
    }
    return client;
  }

  /**
   * Ingests every message not yet marked, oldest first, in chunks; marks each chunk after it
   * committed. The next chunk is fetched and parsed while the current one is written (IMAP and
   * parsing overlap the database's round trips), but chunks are written and marked strictly one
   * after the other, in order: a chunk's transaction starts only once the previous chunk has
   * committed and been marked, so the recorded positions and flags behave as without overlap.
   */
  async syncOnce(client: ImapFlow, mailbox: MailboxRow): Promise<number> {
    const uidValidity = Number(
      client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.uidValidity : 0,
    );
    const found = await client.search(
      mailbox.processedFolder ? { all: true } : { unKeyword: INGESTED_KEYWORD },
      {
        uid: true,
      },
    );
    const uids = (found || []).sort((a, b) => a - b);
    if (uids.length > 0) await this.measureBacklog(client, mailbox, uids[0]);
    let ingested = 0;
    let writing: Promise<number> | null = null;
    for (let i = 0; i < uids.length && !this.stopped; i += FETCH_CHUNK) {
      const previous: Promise<number> | null = writing;
      writing = this.syncChunk(client, mailbox, uidValidity, uids.slice(i, i + FETCH_CHUNK), previous);
      // Awaited below or by the next chunk; a failure must not surface as an unhandled rejection.
      writing.catch(() => undefined);
      // One chunk ahead at most: the chunk after next is fetched once the previous one is done.
      if (previous) ingested += await previous;
    }
    if (writing) ingested += await writing;
    return ingested;
  }

  /** One chunk: fetched and parsed at once, written and marked after the previous chunk is done. */
  private async syncChunk(
    client: ImapFlow,
    mailbox: MailboxRow,
    uidValidity: number,
    chunk: number[],
    previous: Promise<number> | null,
  ): Promise<number> {
    // One trace per chunk: the fetch, the ingestion (its statements and tickets), the marking.
    const done = await inSpan(
      'imap.sync',
      { 'helpdesk.mailbox_id': mailbox.id, 'imap.uids': chunk.length },
      async () => {
        const messages = await inSpan('imap.fetch', { 'imap.uids': chunk.length }, () =>
          client.fetchAll(chunk.join(','), { uid: true, source: true }, { uid: true }),
        );
        const parsed = await this.deps.ingest.parseBatch(
          messages
            .filter((m) => m.source)
            .map((m) => ({ raw: m.source!, position: { uidValidity, uid: m.uid } })),
          mailbox.id,
        );
        if (previous) await previous;
        if (this.stopped) return null;
        await this.deps.ingest.ingestParsed(parsed);
        const uids = parsed.items.map((item) => item.position!.uid);
        if (uids.length > 0) {
          await inSpan('imap.mark', { 'imap.uids': uids.length }, async () => {
            if (mailbox.processedFolder)
              await client.messageMove(uids.join(','), mailbox.processedFolder, { uid: true });
            else await client.messageFlagsAdd(uids.join(','), [INGESTED_KEYWORD, '\\Seen'], { uid: true });
          });
        }
        return uids.length;
      },
    );
    if (done === null) return 0;
    // A long backlog must not let the lease lapse under us.
    await this.deps.mailboxes.acquireLease(mailbox.id, this.deps.owner, this.leaseSeconds);
    return done;
  }

  /** How old the oldest waiting mail is: the ingestion lag operators alert on. */
  private async measureBacklog(client: ImapFlow, mailbox: MailboxRow, oldestUid: number): Promise<void> {
    const oldest = await client.fetchOne(String(oldestUid), { internalDate: true }, { uid: true });
    const arrived = oldest && oldest.internalDate ? new Date(oldest.internalDate).getTime() : NaN;
    if (Number.isFinite(arrived)) {
      this.deps.metrics.mailboxBacklogAge.set(
        { mailbox: mailbox.name },
        Math.max(0, (Date.now() - arrived) / 1000),
      );
    }
  }

  /** IDLE until the server announces mail (or the poll interval passes, for servers without IDLE). */
  private async waitForMail(client: ImapFlow): Promise<void> {
    if (this.stopped) return;
    const idling = client.capabilities.has('IDLE') ? client.idle().catch(() => undefined) : null;
    await this.sleep(this.deps.pollSeconds * 1000);
    if (idling && client.usable) {
      // Any command ends IDLE; NOOP also refreshes EXISTS on servers that did not push it.
      await client.noop();
      await idling;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
