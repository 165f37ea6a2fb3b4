import type { BenchOptions } from './options';
import { emit, type Machine } from './report';

/** Placeholder while the stats benchmark is written: says so instead of printing a number. */
export function runStatsBench(options: BenchOptions, machine: Machine): Promise<void> {
  emit('stats', { quick: options.quick, error: 'not written yet' }, machine);
  return Promise.resolve();
}
