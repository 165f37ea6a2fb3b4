import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueueMount } from '../../../../src/components/stats/mount-queue';

describe('enqueueMount', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the mounts asked for together one per task, in order, and skips cancelled ones', () => {
    const ran: number[] = [];
    enqueueMount(() => ran.push(1));
    const cancel = enqueueMount(() => ran.push(2));
    enqueueMount(() => ran.push(3));
    cancel();
    expect(ran).toEqual([]); // nothing in the task that asked
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual([1]);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual([1]); // the cancelled mount's turn does nothing
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual([1, 3]);
    // The queue drained; a later mount starts it again.
    enqueueMount(() => ran.push(4));
    vi.runAllTimers();
    expect(ran).toEqual([1, 3, 4]);
  });
});
