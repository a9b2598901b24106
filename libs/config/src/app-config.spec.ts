import { ConfigValidationError, loadConfig, trustProxySetting } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded engine and the in-process queue', () => {
    const config = loadConfig({});
    expect(config.embeddedDatabase).toBe(true);
    expect(config.inProcessQueue).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.seedDemo).toBe(true);
    expect(config.RUN_MIGRATIONS).toBe(true);
  });

  it('uses the real servers when their URLs are set and does not seed demo data', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://h:6379' });
    expect(config.embeddedDatabase).toBe(false);
    expect(config.inProcessQueue).toBe(false);
    expect(config.seedDemo).toBe(false);
  });

  it('never seeds demo data in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['NODE_ENV', 'staging'],
    ['RUN_MIGRATIONS', 'maybe'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.300'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'loopback,proxy.example'],
    ['TRUST_PROXY', '0'],
  ])('names the bad variable %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('parses booleans and integers', () => {
    const config = loadConfig({ RUN_MIGRATIONS: 'false', PORT: '8080', SEED_DEMO: 'true' });
    expect(config.RUN_MIGRATIONS).toBe(false);
    expect(config.PORT).toBe(8080);
    expect(config.seedDemo).toBe(true);
  });

  it('reads TRUST_PROXY as Express does: nothing by default, addresses and ranges, or hops', () => {
    expect(trustProxySetting(loadConfig({}).TRUST_PROXY)).toBe(false);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY)).toBe(2);
    expect(
      trustProxySetting(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).TRUST_PROXY),
    ).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
  });
});
