/**
 * Sharded runs of the real `semisynth` command: shards chosen by --shard, by Slurm's and by Kubernetes'
 * variables, merged into exactly the bytes of one unsharded run; finished shards skipped on a rerun, parts
 * of another job or a missing shard refused; statistics partials merged exactly; Ctrl-C leaving a state
 * that a rerun finishes, with the same bytes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { runCli, startCli } from '../support/run-cli';
import { inProcessWorker } from '../support/stats-workers';
import { StatsClient } from '../../src/state/stats-client';
import { reportOf } from '../../src/cli/commands/compare-command';

/** Each test spawns the command several times (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 240_000;

let dir: string;
const at = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(at(name));
const EDIT = ['edit', '-m', 'semisynth-test/bigram', '--seed', '11', '--progress', 'none'];
const OUTPUTS = ['.jsonl', '.edit-log.jsonl', '.recipe.json'];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-shards-'));
  // 30 documents: every shard of 4 gets 7 or 8.
  const docs = Array.from({ length: 30 }, (_, i) => ({
    n: i,
    text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length],
  }));
  writeFileSync(at('corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const single = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('single.jsonl')]);
  expect(single.code).toBe(0);
}, SPAWNS_TIMEOUT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSameAsSingle(name: string): void {
  for (const ext of OUTPUTS)
    expect(read(`${name}${ext}`).equals(read(`single${ext}`)), `${name}${ext}`).toBe(true);
}

describe('sharded edits', () => {
  it(
    '--shard I/N parts merge into the unsharded bytes; a rerun skips finished shards',
    async () => {
      for (let i = 0; i < 4; i++) {
        const r = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('a.jsonl'), '--shard', `${i}/4`]);
        expect(r.code).toBe(0);
      }
      const parts = readdirSync(at('a.jsonl.parts')).sort();
      expect(parts).toEqual([0, 1, 2, 3].map((i) => `shard-0000${i}-of-00004`));
      const manifest = JSON.parse(
        readFileSync(path.join(at('a.jsonl.parts'), parts[1], 'manifest.json'), 'utf8'),
      );
      expect(manifest).toMatchObject({
        kind: 'edit',
        shard: { index: 1, count: 4 },
        range: { start: 7, end: 15, total: 30 },
      });

      const edits = path.join(at('a.jsonl.parts'), parts[2], 'edits.jsonl');
      const before = statSync(edits).mtimeMs;
      const rerun = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('a.jsonl'), '--shard', '2/4']);
      expect(rerun.code).toBe(0);
      expect(rerun.stderr).toContain('shard-00002-of-00004 of this job is already done: skipped');
      expect(statSync(edits).mtimeMs).toBe(before);

      const merged = await runCli(['merge', '--output', at('a.jsonl'), at('a.jsonl.parts')]);
      expect(merged.code).toBe(0);
      expectSameAsSingle('a');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'takes the shard from Slurm array and Kubernetes Indexed Job variables',
    async () => {
      for (let i = 0; i < 4; i++) {
        const slurm = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('slurm.jsonl')], {
          env: { SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' },
        });
        expect(slurm.code).toBe(0);
      }
      for (let i = 0; i < 3; i++) {
        const k8s = await runCli(
          [...EDIT, '-i', at('corpus.jsonl'), '-o', at('k8s.jsonl'), '--shards', '3'],
          {
            env: { JOB_COMPLETION_INDEX: String(i) },
          },
        );
        expect(k8s.code).toBe(0);
      }
      // Parts named one by one, in any order, merge the same.
      const slurmParts = readdirSync(at('slurm.jsonl.parts'))
        .reverse()
        .map((p) => path.join(at('slurm.jsonl.parts'), p));
      expect((await runCli(['merge', '-o', at('slurm.jsonl'), ...slurmParts])).code).toBe(0);
      expect((await runCli(['merge', '-o', at('k8s.jsonl'), at('k8s.jsonl.parts')])).code).toBe(0);
      expectSameAsSingle('slurm');
      expectSameAsSingle('k8s');

      const noCount = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('x.jsonl')], {
        env: { JOB_COMPLETION_INDEX: '0' },
      });
      expect(noCount.code).toBe(2);
      expect(noCount.stderr).toContain('JOB_COMPLETION_INDEX is set but the number of shards is not known');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'refuses parts of another job, a missing shard and a changed part',
    async () => {
      // Another seed into the same parts folder: refused, not mixed.
      const other = await runCli([
        ...EDIT,
        '--seed',
        '12',
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('a.jsonl'),
        '--shard',
        '0/4',
      ]);
      expect(other.code).toBe(3);
      expect(other.stderr).toMatch(/holds a part of another job.*\n.*Remove .*a\.jsonl\.parts/);

      const parts = readdirSync(at('a.jsonl.parts'))
        .sort()
        .map((p) => path.join(at('a.jsonl.parts'), p));
      const missing = await runCli(['merge', '-o', at('m.jsonl'), parts[0], parts[1], parts[3]]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('1 of 4 shards are missing: 2');

      writeFileSync(path.join(parts[3], 'edits.jsonl'), 'truncated');
      const changed = await runCli(['merge', '-o', at('m.jsonl'), at('a.jsonl.parts')]);
      expect(changed.code).toBe(3);
      expect(changed.stderr).toMatch(/shard-00003-of-00004.edits\.jsonl does not match its manifest/);
      expect(existsSync(at('m.jsonl'))).toBe(false);
    },
    SPAWNS_TIMEOUT,
  );
});

describe('sharded scores', () => {
  it(
    '--shards N in one process merges into the unsharded score columns',
    async () => {
      const score = ['score', '-m', 'semisynth-test/bigram', '-i', at('corpus.jsonl'), '--progress', 'none'];
      expect((await runCli([...score, '-o', at('scores.jsonl')])).code).toBe(0);
      const sharded = await runCli([...score, '-o', at('scores3.jsonl'), '--shards', '3']);
      expect(sharded.code).toBe(0);
      expect(sharded.stderr).toContain('merged 3 shards');
      expect(read('scores3.jsonl').equals(read('scores.jsonl'))).toBe(true);
      expect(read('scores3.provenance.json').equals(read('scores.provenance.json'))).toBe(true);
    },
    SPAWNS_TIMEOUT,
  );
});

describe('interrupting a run', () => {
  it(
    'Ctrl-C stops cleanly with finished shards kept, and the rerun completes the same bytes',
    async () => {
      // Enough text that a shard takes a while on the tiny Llama.
      const docs = Array.from({ length: 600 }, (_, i) => ({
        text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length],
      }));
      writeFileSync(at('long.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
      const args = [
        'edit',
        '-m',
        'semisynth-test/tiny-llama',
        '--tau',
        '0.02',
        '-i',
        at('long.jsonl'),
        '--progress',
        'json',
      ];
      const run = startCli([...args, '-o', at('long.jsonl.out'), '--shards', '3']);
      // Interrupt once shard 1 has begun: shard 0 is then complete, shard 1 in flight.
      await run.stderrContains('"event":"start","task":"edit shard-00001-of-00003"');
      run.child.kill('SIGINT');
      const stopped = await run.done;
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('"event":"interrupted"');
      expect(stopped.stderr).toContain('rerun the same command to resume');
      // Shard 0 complete, nothing half-written left behind, no merged output.
      expect(readdirSync(at('long.jsonl.out.parts'))).toEqual(['shard-00000-of-00003']);
      expect(existsSync(at('long.jsonl.out'))).toBe(false);

      const resumed = await runCli([...args, '-o', at('long.jsonl.out'), '--shards', '3']);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain('shard-00000-of-00003 of this job is already done: skipped');
      const single = await runCli([...args, '-o', at('long-single.jsonl')]);
      expect(single.code).toBe(0);
      expect(read('long.jsonl.out').equals(read('long-single.jsonl'))).toBe(true);
    },
    SPAWNS_TIMEOUT,
  );
});

describe('statistics partials', () => {
  it(
    'shards of blocks merge into the unsharded partial, byte for byte, and compare reads it',
    async () => {
      const words = 'the a cat dog sat on mat tree house river blue green runs jumps and or but over'.split(
        ' ',
      );
      let x = 1;
      const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
      const corpus = (n: number, vocabulary: number) =>
        Array.from({ length: n }, () =>
          JSON.stringify({
            text: Array.from({ length: 5 + (next() % 40) }, () => words[next() % vocabulary]).join(' '),
          }),
        ).join('\n') + '\n';
      writeFileSync(at('h.jsonl'), corpus(1500, words.length));
      writeFileSync(at('s.jsonl'), corpus(1500, 6));
      const stats = ['stats', '--block-bytes', '32768', '--progress', 'none'];
      expect((await runCli([...stats, '-i', at('h.jsonl'), '-o', at('h.json')])).code).toBe(0);
      for (let i = 0; i < 3; i++)
        expect(
          (await runCli([...stats, '-i', at('h.jsonl'), '-o', at('h3.json'), '--shard', `${i}/3`])).code,
        ).toBe(0);
      const merged = await runCli(['merge', '-o', at('h3.json'), at('h3.json.parts')]);
      expect(merged.code).toBe(0);
      expect(read('h3.json').equals(read('h.json'))).toBe(true);
      const partial = JSON.parse(read('h.json').toString()) as { blocks: number; accs: unknown[] };
      expect(partial.blocks).toBeGreaterThan(3);

      expect((await runCli([...stats, '-i', at('s.jsonl'), '-o', at('s.json'), '--shards', '2'])).code).toBe(
        0,
      );
      const compared = await runCli(['compare', at('h.json'), at('s.json')]);
      expect(compared.code).toBe(0);
      const comparison = JSON.parse(compared.stdout) as {
        a: { documents: number };
        features: { jsd: { value: number } };
      };
      expect(comparison.a.documents).toBe(1500);
      expect(comparison.features.jsd.value).toBeGreaterThan(0.05);

      const shardOnly = path.join(at('h3.json.parts'), 'shard-00000-of-00003', 'partial.json');
      const refused = await runCli(['compare', shardOnly, at('s.json')]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/holds \d+ of \d+ blocks: it is one shard's partial/);
    },
    SPAWNS_TIMEOUT,
  );
});

describe('statistics as the page computes them', () => {
  it(
    'a sharded partial folds into exactly the report of the page’s stats workers',
    async () => {
      const text =
        Array.from({ length: 900 }, (_, i) =>
          JSON.stringify({
            id: i,
            text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length].slice(0, 40 + (i % 90)),
          }),
        ).join('\n') + '\n';
      writeFileSync(at('page.jsonl'), text);
      const stats = [
        'stats',
        '-i',
        at('page.jsonl'),
        '--block-bytes',
        '16384',
        '--seed',
        '3',
        '--progress',
        'none',
      ];
      for (let i = 0; i < 2; i++)
        expect((await runCli([...stats, '-o', at('page.json'), '--shard', `${i}/2`])).code).toBe(0);
      expect((await runCli(['merge', '-o', at('page.json'), at('page.json.parts')])).code).toBe(0);
      const cli = await reportOf(at('page.json'));

      // The Statistics page's path: its client, its worker API, the same block size, the page's default tails.
      const client = new StatsClient({ workers: 2, spawn: inProcessWorker, blockBytes: 16384 });
      try {
        const file = Object.assign(new Blob([text]), { name: 'page.jsonl' });
        const page = await client.analyse(
          { kind: 'file', file },
          { name: 'page.jsonl', seed: 3, report: { tails: { flagTaus: [0.99], dropLambdas: [0.001] } } },
        );
        expect(cli.counts.documents).toBe(900);
        const differing = Object.keys(page).filter(
          (k) => !isDeepStrictEqual(page[k as keyof typeof page], cli[k as keyof typeof cli]),
        );
        expect(differing).toEqual([]);
      } finally {
        client.dispose();
      }
    },
    SPAWNS_TIMEOUT,
  );
});
