/**
 * Polls until `probe` returns a value, for tests that wait on a real worker or server. Bounded:
 * it throws naming what it waited for, rather than hanging a test run.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what = 'a condition',
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
