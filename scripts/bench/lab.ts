import type { BenchOptions } from './options';
import { emit, type Machine } from './report';

/** Placeholder while the lab benchmark is written: says so instead of printing a number. */
export function runLabBench(options: BenchOptions, machine: Machine): Promise<void> {
  emit('lab', { quick: options.quick, error: 'not written yet' }, machine);
  return Promise.resolve();
}
