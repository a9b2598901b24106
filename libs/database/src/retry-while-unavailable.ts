import { isDatabaseUnavailable } from '@app/common';
import { Logger } from '@nestjs/common';

/**
 * Runs `attempt` until it succeeds, retrying only while the database is unreachable
 * (connection refused, starting up, shutting down) and for at most `waitMs`; any other error,
 * and the last one after the wait, is thrown. Delays grow 0.5 s, 1 s, 2 s ... up to 5 s.
 */
export async function retryWhileUnavailable<T>(
  attempt: () => Promise<T>,
  waitMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<T> {
  const deadline = now() + waitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || now() + delay > deadline) throw error;
      new Logger('Database').warn(
        `PostgreSQL is not reachable (${(error as Error).message}); trying again in ${delay / 1000} s`,
      );
      await sleep(delay);
    }
  }
}
