/*
 * bench:day's agents: each asks for a page every THINK_MS on average (exponential pauses, so the
 * arrivals are a Poisson process), in the mix of a working day: the queue listing, a ticket page,
 * and an action (take charge of a new ticket, an internal note, resolve one of their own). The
 * same mix drives the api over HTTP and the bare-SQL floor through a pg Pool: only the executor
 * differs.
 */
import { percentile } from './bench-stats';

export const REQUEST_KINDS = ['queue listing', 'ticket page', 'take charge', 'note', 'resolve'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Shares of the agents' requests: mostly reading the queue and tickets, one in five an action. */
const LISTING_SHARE = 0.35;
const PAGE_SHARE = 0.45;

export interface Agent {
  index: number;
  userId: string;
  /** Tickets this agent took in charge and has not resolved yet. */
  mine: string[];
}

/** The tickets the agents work on: new ones to take charge of, open ones to read and annotate. */
export class TicketSupply {
  constructor(
    private readonly fresh: string[],
    readonly open: string[],
    readonly pages: string[],
  ) {}

  /** A ticket arrived (mail ingestion): the next one to take charge of. */
  arrived(id: string): void {
    this.fresh.push(id);
  }

  takeNew(): string | undefined {
    return this.fresh.pop();
  }

  anyPage(): string {
    return pick(this.pages);
  }

  anyOpen(): string {
    return pick(this.open);
  }
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** What the agent does next, and on which ticket. */
export function nextRequest(agent: Agent, supply: TicketSupply): { kind: RequestKind; ticketId?: string } {
  const r = Math.random();
  if (r < LISTING_SHARE) return { kind: 'queue listing' };
  // The ticket page: one of their own tickets half the time, else any ticket of the history.
  if (r < LISTING_SHARE + PAGE_SHARE) {
    const own = agent.mine.length > 0 && Math.random() < 0.5;
    return { kind: 'ticket page', ticketId: own ? pick(agent.mine) : supply.anyPage() };
  }
  const a = Math.random();
  if (agent.mine.length && a < 0.35) return { kind: 'resolve', ticketId: agent.mine.pop() };
  if (a < 0.65) return { kind: 'note', ticketId: agent.mine.length ? pick(agent.mine) : supply.anyOpen() };
  const fresh = supply.takeNew();
  return fresh ? { kind: 'take charge', ticketId: fresh } : { kind: 'note', ticketId: supply.anyOpen() };
}

/** Runs one request; resolves when its answer is read, rejects on failure (any non-2xx). */
export type Executor = (agent: Agent, kind: RequestKind, ticketId: string | undefined) => Promise<void>;

export interface KindFigures {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export type MixFigures = Record<RequestKind, KindFigures>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every agent, for `seconds`: a pause (mean thinkMs), a request of the mix, and so on. */
export async function runAgents(
  agents: Agent[],
  supply: TicketSupply,
  execute: Executor,
  options: { seconds: number; thinkMs: number; onError?: (kind: RequestKind, error: Error) => void },
): Promise<MixFigures> {
  const latencies = new Map<RequestKind, number[]>(REQUEST_KINDS.map((k) => [k, []]));
  const errors = new Map<RequestKind, number>(REQUEST_KINDS.map((k) => [k, 0]));
  const end = performance.now() + options.seconds * 1000;
  await Promise.all(
    agents.map(async (agent) => {
      // The agents do not start in step: a uniform first pause, exponential ones after.
      let pause = Math.random() * options.thinkMs;
      for (;;) {
        await sleep(pause);
        if (performance.now() >= end) return;
        const { kind, ticketId } = nextRequest(agent, supply);
        const t0 = performance.now();
        try {
          await execute(agent, kind, ticketId);
          latencies.get(kind)!.push(performance.now() - t0);
          if (kind === 'take charge') agent.mine.push(ticketId!);
        } catch (error) {
          errors.set(kind, errors.get(kind)! + 1);
          options.onError?.(kind, error as Error);
        }
        pause = -Math.log(1 - Math.random()) * options.thinkMs;
      }
    }),
  );
  return Object.fromEntries(
    REQUEST_KINDS.map((kind) => {
      const sorted = latencies.get(kind)!.sort((a, b) => a - b);
      return [
        kind,
        {
          requests: sorted.length + errors.get(kind)!,
          errors: errors.get(kind)!,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          max: sorted.length ? sorted[sorted.length - 1] : NaN,
        },
      ];
    }),
  ) as MixFigures;
}
