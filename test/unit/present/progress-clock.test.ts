import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressClock } from '../../../src/lib/present/progress-clock';

describe('ProgressClock', () => {
  it('excludes paused time from the working time and the ETA', () => {
    const clock = new ProgressClock(0);
    expect(clock.eta(1000, 0, 100)).toBeNull(); // nothing measured yet
    clock.pause(2000);
    expect(clock.paused).toBe(true);
    clock.resume(60_000); // a long pause
    expect(clock.activeSeconds(62_000)).toBe(4);
    // 25 of 100 units in 4 working seconds → 12 s left.
    expect(clock.eta(62_000, 25, 100)).toBe(12);
  });
  it('ignores a double pause or resume', () => {
    const clock = new ProgressClock(0);
    clock.pause(1000);
    clock.pause(5000);
    clock.resume(6000);
    clock.resume(9000);
    expect(clock.activeSeconds(7000)).toBe(2);
  });
});

describe('formatDuration', () => {
  it.each([
    [0.4, '0 s'],
    [59, '59 s'],
    [200, '3 min 20 s'],
    [3900, '1 h 5 min'],
  ])('%f s → %s', (s, shown) => expect(formatDuration(s)).toBe(shown));
});
