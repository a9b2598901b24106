/**
 * Tests that need a service the machine may lack: outside CI they skip with a loud reason;
 * under CI=true a missing service is a failure, never a silent skip.
 */
export function requireService(name: string, envVar: string): string | undefined {
  const value = process.env[envVar];
  if (value) return value;
  const message = `${name} tests need ${envVar}; not set`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
  console.warn(`\n!!! SKIPPED: ${message}. Set ${envVar} to run them. !!!\n`);
  return undefined;
}
