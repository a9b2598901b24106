import { logReadStart, settledLogBytes } from './log-tail.util';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('settledLogBytes', () => {
  const log =
    '[100] HOST ALERT: a;DOWN;HARD;1;x\n[105] HOST ALERT: a;UP;HARD;1;y\n[110] HOST ALERT: a;DOWN;HARD;1;z\n';

  it('reads every whole line stamped at or before the settled instant', () => {
    expect(settledLogBytes(bytes(log), 200)).toBe(bytes(log).length);
    expect(settledLogBytes(bytes(log), 105)).toBe(log.indexOf('[110]'));
  });

  it('stops at the first line too fresh, even if later ones are older (a clock step back)', () => {
    const text = '[100] a\n[300] b\n[101] c\n';
    expect(settledLogBytes(bytes(text), 200)).toBe('[100] a\n'.length);
  });

  it('leaves a line Nagios is still writing (no newline yet) for the next run', () => {
    expect(settledLogBytes(bytes('[100] a\n[101] HOST AL'), 200)).toBe('[100] a\n'.length);
    expect(settledLogBytes(bytes('[100] HOST AL'), 200)).toBe(0);
    expect(settledLogBytes(bytes(''), 200)).toBe(0);
  });

  it('counts bytes, not characters (a Latin-1 or UTF-8 accented output)', () => {
    const utf8 = bytes('[100] città\n');
    expect(settledLogBytes(utf8, 200)).toBe(utf8.length);
    const latin1 = Uint8Array.from([...bytes('[100] citt'), 0xe0, 0x0a, ...bytes('[300] x\n')]);
    expect(settledLogBytes(latin1, 200)).toBe(12);
  });

  it('a line without a stamp goes with its neighbours', () => {
    expect(settledLogBytes(bytes('no stamp\n[100] a\n[abc] b\n'), 200)).toBe(25);
    expect(settledLogBytes(bytes('[100] a\nno stamp\n[300] b\n'), 200)).toBe(17);
  });
});

describe('logReadStart', () => {
  it('goes on from the cursor in the same file', () => {
    expect(logReadStart({ fileId: '1:2', position: 40 }, { fileId: '1:2', size: 100 })).toBe(40);
    expect(logReadStart({ fileId: '1:2', position: 100 }, { fileId: '1:2', size: 100 })).toBe(100);
  });

  it('starts at the beginning of a file never read, rotated (another inode) or truncated', () => {
    expect(logReadStart(undefined, { fileId: '1:2', size: 100 })).toBe(0);
    expect(logReadStart({ fileId: '1:2', position: 40 }, { fileId: '1:3', size: 100 })).toBe(0);
    expect(logReadStart({ fileId: '1:2', position: 400 }, { fileId: '1:2', size: 100 })).toBe(0);
  });
});
