import { isLogged, mostVerbose, parseModuleLevels } from './module-log-levels';

describe('module log levels', () => {
  it('parses Context=level lists', () => {
    expect([...parseModuleLevels('MailIngest=debug, HTTP=warn')]).toEqual([
      ['MailIngest', 'debug'],
      ['HTTP', 'warn'],
    ]);
    expect(parseModuleLevels('').size).toBe(0);
    expect(parseModuleLevels(undefined).size).toBe(0);
  });

  it.each(['MailIngest', 'MailIngest=loud', '=debug', 'a=b=c'])('refuses %j naming it', (text) => {
    expect(() => parseModuleLevels(text)).toThrow(text);
  });

  it.each([
    ['debug', 'MailIngest', true],
    ['debug', 'SlaSweeper', false],
    ['log', 'SlaSweeper', true],
    ['log', 'HTTP', false],
    ['warn', 'HTTP', true],
    ['error', undefined, true],
    ['verbose', undefined, false],
  ] as const)('%s from %s is logged: %s', (level, context, expected) => {
    const modules = parseModuleLevels('MailIngest=debug,HTTP=warn');
    expect(isLogged(level, context, 'log', modules)).toBe(expected);
  });

  it('lets the root logger through down to the most verbose module', () => {
    expect(mostVerbose('log', parseModuleLevels('MailIngest=debug,HTTP=warn'))).toBe('debug');
    expect(mostVerbose('warn', new Map())).toBe('warn');
  });
});
