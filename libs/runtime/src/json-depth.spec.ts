import { exceedsJsonDepth } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('exceedsJsonDepth', () => {
  it('finds a million nested [ without parsing them', () => {
    expect(exceedsJsonDepth(bytes('['.repeat(1_000_000)))).toBe(true);
  });

  it('counts arrays and objects together, up to the limit', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
    expect(exceedsJsonDepth(bytes(`${'['.repeat(64)}${']'.repeat(64)}`))).toBe(false);
    expect(exceedsJsonDepth(bytes(`${'['.repeat(65)}${']'.repeat(65)}`))).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: '[[[[[[{{{{{{' })), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"text":"\\"[[[[[[[[\\\\"}'), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"text":"\\\\",  "x":[[[[1]]]]}'), 3)).toBe(true);
  });

  it('reads multi-byte UTF-8 text as it is', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ città: 'Pontassieve — “[”', emoji: '🙂' })), 1)).toBe(
      false,
    );
  });

  it('keeps siblings at the same depth', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify(Array.from({ length: 10_000 }, () => [[1]]))), 3)).toBe(
      false,
    );
  });
});
