/**
 * An in-process SMTP receiver (smtp-server) that outgoing mail is sent to in end-to-end tests: on
 * 127.0.0.1 and a free port, never the system's port 25.
 */
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

const HOST = '127.0.0.1';

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  /** The message parsed with mailparser, on first call only (most tests need the envelope alone). */
  parsed(): Promise<ParsedMail>;
}

export interface SmtpReceiver {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Every accepted message, in arrival order; rejected ones (failNext) are not here. */
  readonly messages: ReceivedMessage[];
  /** How many messages failNext() has turned away so far. */
  readonly rejected: number;
  /** False between down() and up(). */
  readonly isUp: boolean;
  /** Resolves with the messages once `count` have arrived in total; rejects on timeout. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Answers the next `n` messages' DATA with `code` (4xx: try later, 5xx: permanent). */
  failNext(n: number, code?: number): void;
  /** Closes the listener and drops open sessions: connections are refused until up(). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** Parses a raw message; shared by ReceivedMessage.parsed() and tests that hold a Buffer. */
export function parseMessage(raw: Buffer | string): Promise<ParsedMail> {
  return simpleParser(raw);
}

class SmtpReceiverImpl implements SmtpReceiver {
  readonly host = HOST;
  readonly messages: ReceivedMessage[] = [];
  rejected = 0;
  port = 0;
  private server: SMTPServer | undefined;
  private failures: number[] = [];
  private waiters = new Set<() => void>();

  get isUp(): boolean {
    return this.server !== undefined;
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    done: (error?: Error | null) => void,
  ) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error: Error) => done(error));
    stream.on('end', () => {
      const code = this.failures.shift();
      if (code !== undefined) {
        this.rejected++;
        done(
          Object.assign(new Error(`Test receiver rejects this message on purpose (${code})`), {
            responseCode: code,
          }),
        );
        return;
      }
      const raw = Buffer.concat(chunks);
      let parsing: Promise<ParsedMail> | undefined;
      const { mailFrom, rcptTo } = session.envelope;
      this.messages.push({
        envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((rcpt) => rcpt.address) },
        raw,
        parsed: () => (parsing ??= parseMessage(raw)),
      });
      done();
      for (const wake of this.waiters) wake();
    });
  }

  async up(): Promise<void> {
    if (this.server) return;
    // a fresh SMTPServer each time: a closed one keeps timers and state from its previous life
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => this.onData(stream, session, done),
    });
    // a client hanging up mid-session is expected in fault tests, not a reason to crash the run
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, HOST, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const address = server.server.address();
    if (typeof address === 'object' && address) this.port = address.port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() alone would wait up to 30 s for sessions to finish; "down" means gone now
    for (const connection of server.connections) connection.close();
    await closed;
  }

  failNext(n: number, code = 451): void {
    if (code < 400 || code > 599) throw new Error(`failNext needs a 4xx or 5xx code, not ${code}`);
    for (let i = 0; i < n; i++) this.failures.push(code);
  }

  waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMessage[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.messages.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.messages.slice());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${this.messages.length}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    await this.down();
  }
}

/** An SMTP server on 127.0.0.1 that accepts anything (no auth, no TLS) and keeps what it gets. */
export async function startSmtpReceiver(options: { port?: number } = {}): Promise<SmtpReceiver> {
  const receiver = new SmtpReceiverImpl();
  receiver.port = options.port ?? 0;
  await receiver.up();
  return receiver;
}
