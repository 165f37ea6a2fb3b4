/**
 * Which shard this process runs: `--shard I/N`, or the scheduler's own variables (Slurm job arrays:
 * SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT; Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX with
 * `--shards N`, since a pod is not told the completion count). A shard is a contiguous range of document
 * indices fixed by (I, N, number of documents) alone, so every rerun picks the same documents and the parts,
 * concatenated in shard order, are the unsharded output.
 */
import { CliError, EXIT } from './cli-error';

export interface Shard {
  index: number;
  count: number;
}

function integer(raw: string, what: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < 0)
    throw new CliError(`${what} = "${raw}" is not a non-negative integer`, EXIT.usage);
  return n;
}

function checked(index: number, count: number, what: string): Shard {
  if (count < 1) throw new CliError(`${what}: the number of shards must be at least 1`, EXIT.usage);
  if (index >= count)
    throw new CliError(
      `${what}: shard ${index} does not exist among ${count} (shards are numbered 0 to ${count - 1})`,
      EXIT.usage,
    );
  return { index, count };
}

/** The shard to run, or null for the whole input. `--shard` wins over the environment. */
export function shardOf(
  option: string | undefined,
  shards: number | undefined,
  environment: NodeJS.ProcessEnv,
): Shard | null {
  if (option !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(option.trim());
    if (!m) throw new CliError(`--shard ${option}: expected I/N, e.g. --shard 0/4`, EXIT.usage);
    return checked(integer(m[1], '--shard I'), integer(m[2], '--shard N'), `--shard ${option}`);
  }
  const slurmId = environment.SLURM_ARRAY_TASK_ID;
  if (slurmId !== undefined && slurmId !== '') {
    const count = environment.SLURM_ARRAY_TASK_COUNT;
    const n = shards ?? (count ? integer(count, 'SLURM_ARRAY_TASK_COUNT') : undefined);
    if (n === undefined)
      throw new CliError(
        'SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not',
        EXIT.usage,
        'Pass --shards N (the array must be --array=0-(N-1)).',
      );
    const minimum = environment.SLURM_ARRAY_TASK_MIN
      ? integer(environment.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN')
      : 0;
    return checked(integer(slurmId, 'SLURM_ARRAY_TASK_ID') - minimum, n, 'SLURM_ARRAY_TASK_ID');
  }
  const k8s = environment.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') {
    if (shards === undefined)
      throw new CliError(
        'JOB_COMPLETION_INDEX is set but the number of shards is not known',
        EXIT.usage,
        'Pass --shards N equal to the Job’s spec.completions.',
      );
    return checked(integer(k8s, 'JOB_COMPLETION_INDEX'), shards, 'JOB_COMPLETION_INDEX');
  }
  return null;
}

/** Documents [start, end) of shard I of N over `total` documents: as even as integers allow. */
export function shardRange(total: number, shard: Shard | null): { start: number; end: number } {
  if (!shard) return { start: 0, end: total };
  return {
    start: Math.floor((shard.index * total) / shard.count),
    end: Math.floor(((shard.index + 1) * total) / shard.count),
  };
}

export function shardName(shard: Shard): string {
  const width = Math.max(5, String(shard.count - 1).length);
  return `shard-${String(shard.index).padStart(width, '0')}-of-${String(shard.count).padStart(width, '0')}`;
}
