/** One server-sent event: its `event:` name (or `message`) and its JSON `data:`. */
export interface StreamEvent<D> {
  type: string;
  data: D;
}

export interface OpenStream<D> {
  /** Every event received so far, in order. */
  events: StreamEvent<D>[];
  /** Settles when the server ends the stream (or close() aborts it). */
  ended: Promise<void>;
  /** The first event, received or to come, that passes `test`. */
  next(test: (e: StreamEvent<D>) => boolean): Promise<StreamEvent<D>>;
  close(): void;
}

/**
 * Opens a server-sent event stream over a real HTTP connection, as a browser's EventSource would,
 * and collects its events. Fails unless the server answers 200.
 */
export async function openEventStream<D>(
  url: string,
  headers: Record<string, string>,
): Promise<OpenStream<D>> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200) {
    abort.abort();
    throw new Error(`${url} answered ${res.status}, not a stream`);
  }
  const events: StreamEvent<D>[] = [];
  const waiters: { test: (e: StreamEvent<D>) => boolean; resolve: (e: StreamEvent<D>) => void }[] = [];
  const ended = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim();
          const event = { type: field('event') ?? 'message', data: JSON.parse(field('data') ?? '{}') as D };
          events.push(event);
          for (const w of waiters.filter((w) => w.test(event))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  const next = (test: (e: StreamEvent<D>) => boolean) =>
    new Promise<StreamEvent<D>>((resolve) => {
      const seen = events.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { events, ended, next, close: () => abort.abort() };
}
