import { Logger } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';

import type { MailIngestService, ParsedBatch } from '../ingest/mail-ingest.service';
import type { MailboxRow } from '../mailboxes/mailbox.repository';
import { INGESTED_KEYWORD, MailboxWatcher, WatcherDeps } from './mailbox-watcher';

/**
 * The watcher fetches and parses the next chunk while the current one is written, yet writes
 * and marks the chunks strictly in order, each after the previous one committed and was marked:
 * the exactly-once guarantees (positions recorded with the commit, flags set after it) hold as
 * they did without the overlap. A fake IMAP client and a fake ingestion record what happens.
 */
describe('MailboxWatcher.syncOnce pipelining', () => {
  const MAILS = 120; // three chunks of 50, 50 and 20
  let log: string[];
  let watchers: MailboxWatcher[];

  const mailbox = { id: 'mb-1', name: 'Test', processedFolder: null } as unknown as MailboxRow;

  function chunkOf(uids: string | number[]): number {
    const first = Number(String(uids).split(',')[0]);
    return Math.floor((first - 1) / 50) + 1;
  }

  /** Lets every pending callback run, so that whatever can happen concurrently does. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  function fakeClient(options: { failFetchOf?: number } = {}) {
    return {
      mailbox: { uidValidity: 7 },
      search: async () => Array.from({ length: MAILS }, (_, i) => MAILS - i),
      fetchOne: async () => ({ internalDate: new Date() }),
      fetchAll: async (range: string) => {
        const chunk = chunkOf(range);
        log.push(`fetch ${chunk}`);
        await settle();
        if (options.failFetchOf === chunk) throw new Error('connection dropped');
        return range.split(',').map((uid) => ({ uid: Number(uid), source: Buffer.from(`mail ${uid}`) }));
      },
      messageFlagsAdd: async (range: string, flags: string[]) => {
        expect(flags).toContain(INGESTED_KEYWORD);
        log.push(`mark ${chunkOf(range)}`);
        await settle();
      },
    } as unknown as ImapFlow;
  }

  function fakeIngest(options: { failWriteOf?: number } = {}) {
    const written: number[] = [];
    const ingest = {
      parseBatch: async (items: { raw: Buffer; position: { uidValidity: number; uid: number } }[]) => {
        log.push(`parse ${chunkOf(items.map((i) => i.position.uid))}`);
        return {
          mailboxId: mailbox.id,
          items: items.map((i) => ({
            raw: i.raw,
            parsed: {},
            position: { mailboxId: mailbox.id, ...i.position },
          })),
        } as unknown as ParsedBatch;
      },
      ingestParsed: async (batch: ParsedBatch) => {
        const chunk = chunkOf(batch.items.map((i) => i.position!.uid));
        log.push(`write ${chunk}`);
        // The transaction's round trips: time for the next chunk's fetch to run meanwhile.
        for (let i = 0; i < 5; i++) await settle();
        if (options.failWriteOf === chunk) throw new Error('database gone');
        written.push(...batch.items.map((i) => i.position!.uid));
        log.push(`commit ${chunk}`);
        return [];
      },
    };
    return { ingest: ingest as unknown as MailIngestService, written };
  }

  function watcher(ingest: MailIngestService): MailboxWatcher {
    const deps: WatcherDeps = {
      // The watcher's own loop never gets the lease: syncOnce is driven by the test alone.
      mailboxes: {
        acquireLease: async (_id: string, owner: string) => owner === 'test' && log.length > 0,
        releaseLease: async () => undefined,
        recordPoll: async () => undefined,
      } as unknown as WatcherDeps['mailboxes'],
      secrets: {} as WatcherDeps['secrets'],
      ingest,
      owner: 'test',
      pollSeconds: 3600,
      logger: new Logger('test'),
      metrics: { mailboxBacklogAge: { set: () => undefined } } as unknown as WatcherDeps['metrics'],
    };
    const w = new MailboxWatcher(mailbox.id, deps);
    watchers.push(w);
    return w;
  }

  beforeEach(() => {
    log = [];
    watchers = [];
  });
  afterEach(async () => {
    for (const w of watchers) await w.stop();
  });

  it('fetches and parses the next chunk while the current one is written', async () => {
    const { ingest, written } = fakeIngest();
    await expect(watcher(ingest).syncOnce(fakeClient(), mailbox)).resolves.toBe(MAILS);
    expect(written).toEqual(Array.from({ length: MAILS }, (_, i) => i + 1));
    // Chunk 2 is fetched and parsed before chunk 1 has committed.
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('commit 1'));
    expect(log.indexOf('parse 2')).toBeLessThan(log.indexOf('commit 1'));
    expect(log.indexOf('fetch 3')).toBeLessThan(log.indexOf('commit 2'));
  });

  it('writes and marks the chunks strictly in order, each after the previous one was marked', async () => {
    const { ingest } = fakeIngest();
    await watcher(ingest).syncOnce(fakeClient(), mailbox);
    const order = log.filter((l) => /^(write|commit|mark)/.test(l));
    expect(order).toEqual([
      'write 1',
      'commit 1',
      'mark 1',
      'write 2',
      'commit 2',
      'mark 2',
      'write 3',
      'commit 3',
      'mark 3',
    ]);
    // Never more than one chunk ahead: chunk 3 is fetched only once chunk 2 is being written.
    expect(log.indexOf('fetch 3')).toBeGreaterThan(log.indexOf('mark 1'));
  });

  it('after a failed write, neither marks it nor writes the chunk already fetched behind it', async () => {
    const { ingest, written } = fakeIngest({ failWriteOf: 2 });
    await expect(watcher(ingest).syncOnce(fakeClient(), mailbox)).rejects.toThrow('database gone');
    await settle();
    expect(written).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(log).toContain('mark 1');
    expect(log).not.toContain('mark 2');
    expect(log).not.toContain('write 3');
  });

  it('when the next fetch fails, the current chunk is still committed and marked, and the sync fails', async () => {
    const { ingest, written } = fakeIngest();
    await expect(watcher(ingest).syncOnce(fakeClient({ failFetchOf: 2 }), mailbox)).rejects.toThrow(
      'connection dropped',
    );
    await settle();
    expect(written).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(log.filter((l) => /^(write|commit|mark)/.test(l))).toEqual(['write 1', 'commit 1', 'mark 1']);
  });
});
