/**
 * `semisynth edit` and `semisynth score`, run as a user runs them (a child process per command): the bytes
 * they write against the same engine run here in-process, and every command's help and bad-input messages.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { DEFAULT_CONFIG } from '../../src/lib/toedit';
import { editRecipe, type EditRecipe } from '../../src/lib/toedit/edit-export';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { editInProcess, recordsThenText } from '../support/in-process-edit';
import { loadNodePrior, MODELS_DIR } from '../support/node-prior';
import { CLI, runCli } from '../support/run-cli';

/** Each test spawns the command several times (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 240_000;

let dir: string;
let prior: TransformersPrior;
// Two files: a JSON Lines file whose records keep extra fields in their order, and a plain-text file.
const RECORDS = CORPUS_DOCUMENTS.slice(0, 8).map((text, i) => ({ id: `d${i}`, meta: { n: i }, text }));
const TXT = CORPUS_DOCUMENTS[8];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-edit-'));
  writeFileSync(path.join(dir, 'corpus.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'notes.txt'), TXT);
  prior = await loadNodePrior('semisynth-test/bigram');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(at(name), 'utf8');

describe('semisynth edit', () => {
  it(
    'writes the page’s JSONL, edit log and recipe for documents numbered across files',
    async () => {
      const r = await runCli([
        'edit',
        '--model',
        'semisynth-test/bigram',
        '--input',
        at('corpus.jsonl'),
        '--input',
        at('notes.txt'),
        '--output',
        at('edited.jsonl'),
        '--seed',
        '7',
        '--force-change',
        '--progress',
        'none',
      ]);
      expect(r.stderr).toContain('wrote');
      expect(r.code).toBe(0);

      // The same engine in this process, document by document, with the page's line writers.
      const config = { ...DEFAULT_CONFIG, forceChange: true };
      const inProcess = await editInProcess(
        prior,
        recordsThenText(RECORDS, 'corpus.jsonl', TXT, 'notes.txt'),
        config,
        7,
      );
      const { jsonl: lines, log, realisedEdits: edits } = inProcess;
      expect(edits).toBeGreaterThan(0);
      expect(read('edited.jsonl')).toBe(lines);
      expect(read('edited.edit-log.jsonl')).toBe(log);
      const first = JSON.parse(read('edited.jsonl').split('\n')[0]) as Record<string, unknown>;
      expect(Object.keys(first)).toEqual([
        'id',
        'meta',
        'text',
        'semisynth_edited_text',
        'semisynth_edit_stats',
      ]);
      const last = JSON.parse(read('edited.jsonl').trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
      expect(last.text).toBe(TXT); // a .txt document is exported as {text, …}, as the page does

      const recipe = JSON.parse(read('edited.recipe.json')) as EditRecipe;
      expect(recipe).toMatchObject({
        format: 'semisynth.toedit-recipe',
        seed: 7,
        scoredK: 8,
        config,
        model: { id: 'semisynth-test/bigram', dtype: 'fp32', device: 'cpu', bosPrepended: true },
      });

      // The recipe alone reproduces the run, byte for byte; another seed does not.
      const again = await runCli([
        'edit',
        '--recipe',
        at('edited.recipe.json'),
        '-i',
        at('corpus.jsonl'),
        '-i',
        at('notes.txt'),
        '-o',
        at('again.jsonl'),
        '--progress',
        'none',
      ]);
      expect(again.code).toBe(0);
      expect(read('again.jsonl')).toBe(lines);
      const other = await runCli([
        'edit',
        '--recipe',
        at('edited.recipe.json'),
        '--seed',
        '8',
        '-i',
        at('corpus.jsonl'),
        '-i',
        at('notes.txt'),
        '-o',
        at('other.jsonl'),
        '--progress',
        'none',
      ]);
      expect(other.code).toBe(0);
      expect(read('other.jsonl')).not.toBe(lines);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'loads a model folder as well as a bundled id, and names what a broken folder lacks',
    async () => {
      const folder = at('my-bigram');
      cpSync(path.join(MODELS_DIR, 'semisynth-test/bigram'), folder, { recursive: true });
      const r = await runCli([
        'edit',
        '-m',
        folder,
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('folder.jsonl'),
        '--seed',
        '3',
        '--progress',
        'none',
      ]);
      expect(r.code).toBe(0);
      const bundled = await runCli([
        'edit',
        '-m',
        'semisynth-test/bigram',
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('bundled.jsonl'),
        '--seed',
        '3',
        '--progress',
        'none',
      ]);
      expect(bundled.code).toBe(0);
      expect(read('folder.jsonl')).toBe(read('bundled.jsonl'));

      rmSync(path.join(folder, 'tokenizer.json'));
      const broken = await runCli([
        'edit',
        '-m',
        folder,
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('x.jsonl'),
        '--progress',
        'none',
      ]);
      expect(broken.code).toBe(3);
      expect(broken.stderr).toContain('tokenizer.json is missing');
      expect(existsSync(at('x.jsonl'))).toBe(false);
    },
    SPAWNS_TIMEOUT,
  );
  it(
    'loads a Hub id from the Hugging Face cache, offline, and names it in the recipe',
    async () => {
      // The layout `huggingface-cli download` leaves: blobs, a snapshot of links to them, refs/main.
      const repo = at('hub/models--someorg--bigram-copy');
      const source = path.join(MODELS_DIR, 'semisynth-test/bigram');
      const snapshot = path.join(repo, 'snapshots/0123abcd');
      for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
        mkdirSync(path.dirname(path.join(snapshot, file)), { recursive: true });
        mkdirSync(path.join(repo, 'blobs'), { recursive: true });
        const blob = path.join(repo, 'blobs', file.replace('/', '_'));
        cpSync(path.join(source, file), blob);
        symlinkSync(path.relative(path.dirname(path.join(snapshot, file)), blob), path.join(snapshot, file));
      }
      mkdirSync(path.join(repo, 'refs'));
      writeFileSync(path.join(repo, 'refs/main'), '0123abcd');
      const env = { HF_HUB_CACHE: at('hub') };
      const args = ['-i', at('corpus.jsonl'), '--seed', '3', '--progress', 'none'];
      const hub = await runCli(['edit', '-m', 'someorg/bigram-copy', ...args, '-o', at('hub.jsonl')], {
        env,
      });
      expect(hub.code, hub.stderr).toBe(0);
      const bundled = await runCli([
        'edit',
        '-m',
        'semisynth-test/bigram',
        ...args,
        '-o',
        at('hub-bundled.jsonl'),
      ]);
      expect(bundled.code).toBe(0);
      expect(read('hub.jsonl')).toBe(read('hub-bundled.jsonl'));
      expect(JSON.parse(read('hub.recipe.json'))).toMatchObject({ model: { id: 'someorg/bigram-copy' } });

      const absent = await runCli(['edit', '-m', 'someorg/not-cached', ...args, '-o', at('absent.jsonl')], {
        env,
      });
      expect(absent.code).toBe(3);
      expect(absent.stderr).toMatch(/not in the Hugging Face cache either .*hub\)\. Download it once/);
    },
    SPAWNS_TIMEOUT,
  );
});

describe('semisynth score', () => {
  it(
    'writes every token’s scores as columns, equal to the prior’s own',
    async () => {
      const r = await runCli([
        'score',
        '-m',
        'semisynth-test/bigram',
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('scores.jsonl'),
        '--progress',
        'none',
      ]);
      expect(r.code).toBe(0);
      const lines = read('scores.jsonl')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, number[] | number | string | boolean>);
      expect(lines).toHaveLength(RECORDS.length);
      for (const [i, line] of lines.entries()) {
        const s = await prior.score(RECORDS[i].text, { k: 8 });
        expect(line).toMatchObject({
          index: i,
          source: 'corpus.jsonl',
          line: i + 1,
          bos_prepended: true,
          k: 8,
        });
        expect(line.token_id).toEqual(Array.from(s.tokenIds));
        expect(line.byte_start).toEqual(Array.from(s.byteStart));
        expect(line.logprob).toEqual(Array.from(s.logprob));
        expect(line.top_id).toEqual(Array.from(s.topIds));
        expect((line.top_logprob as number[]).length).toBe(s.tokenIds.length * 8);
      }
      expect(JSON.parse(read('scores.provenance.json'))).toMatchObject({
        modelId: 'semisynth-test/bigram',
        device: 'cpu',
        k: 8,
      });
    },
    SPAWNS_TIMEOUT,
  );
});

describe('progress', () => {
  it(
    'draws a bar with tokens/s and an ETA when stderr is a terminal',
    async () => {
      // util-linux's `script` runs the command on a pseudo-terminal, as a user's shell does.
      const command = [
        process.execPath,
        CLI,
        'edit',
        '-m',
        'semisynth-test/bigram',
        '-i',
        at('corpus.jsonl'),
        '-o',
        at('tty.jsonl'),
      ]
        .map((a) => `'${a}'`)
        .join(' ');
      const child = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
      expect(child.status).toBe(0);
      expect(child.stdout).toMatch(
        /\redit \[#+\] 100 % 8\/8 docs · [\d.]+ MB\/[\d.]+ MB · [\d,]+ tok\/s · ETA \d+ s/,
      );
      expect(child.stdout).not.toContain('"event"');
    },
    SPAWNS_TIMEOUT,
  );
});

describe('help and bad input', () => {
  it.each(['score', 'edit', 'stats', 'compare', 'merge'])('%s --help says how to use it', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`semisynth ${command}`);
    expect(r.stdout).toMatch(/Usage:/);
  });

  it(
    'gives exit codes and specific messages',
    async () => {
      mkdirSync(at('bad'), { recursive: true });
      writeFileSync(at('bad/broken.jsonl'), '{"text": 1}\n{"text": 3}\n');
      writeFileSync(at('bad/one-bad.jsonl'), '{"text": "fine"}\n{"text": "cut\n{"text": "also fine"}\n');
      writeFileSync(
        at('bad/recipe.json'),
        JSON.stringify(editRecipe('0', prior.info, 8, { ...DEFAULT_CONFIG, beta: 0 }, 1)),
      );
      const model = ['-m', 'semisynth-test/bigram', '-o', at('bad/out.jsonl'), '--progress', 'none'];
      const cases: [string[], number, RegExp][] = [
        [[], 2, /Usage: semisynth <command>/],
        [['frobnicate'], 2, /unknown command "frobnicate"/],
        [
          ['edit', '--tua', '0.9', ...model, '-i', at('corpus.jsonl')],
          2,
          /Unknown option '--tua'.*\n.*semisynth edit --help/,
        ],
        [['edit', ...model, '-i', at('nope.jsonl')], 3, /--input .*nope\.jsonl: no such file/],
        [
          ['edit', ...model, '-i', at('bad/broken.jsonl')],
          3,
          /broken\.jsonl gave no documents:\n.*no field holds text/,
        ],
        [
          ['edit', ...model, '-i', at('corpus.jsonl'), '--field', 'body'],
          3,
          /"body" is missing.*\n.*Its text fields: id, text/,
        ],
        [
          ['edit', ...model, '-i', at('corpus.jsonl'), '--tau', '1.5'],
          2,
          /--tau 1\.5: expected a number from 0 to 1/,
        ],
        [['edit', ...model, '-i', at('corpus.jsonl'), '--shard', '4/4'], 2, /shard 4 does not exist among 4/],
        [
          ['edit', ...model, '-i', at('corpus.jsonl'), '--recipe', at('bad/recipe.json')],
          3,
          /config\.beta: β = 0 must be a finite number > 0/,
        ],
        [
          ['edit', '-m', 'nobody/nothing', '-o', at('bad/out.jsonl'), '-i', at('corpus.jsonl')],
          3,
          /no such folder.*\n.*never downloads/,
        ],
        [
          ['edit', ...model, '-i', at('corpus.jsonl'), '--progress', 'loud'],
          2,
          /--progress loud: expected bar, json or none/,
        ],
        [
          ['score', '-m', 'semisynth-test/bigram', '-i', at('corpus.jsonl'), '-o', at('bad/scores.parquet')],
          2,
          /bad\/scores\.parquet: score writes its columns as JSON Lines, not Parquet[\s\S]*name the output \.jsonl/,
        ],
      ];
      for (const [args, code, message] of cases) {
        const r = await runCli(args);
        expect({ args, code: r.code }).toEqual({ args, code });
        expect(r.stderr + r.stdout).toMatch(message);
      }
      expect(existsSync(at('bad/out.jsonl'))).toBe(false);

      // A bad record among good ones is skipped and said, where it is, as on the page; the rest are edited.
      const r = await runCli(['edit', ...model, '-i', at('bad/one-bad.jsonl')]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/error: one-bad\.jsonl: line 2, column \d+: .*/);
      expect(read('bad/out.jsonl').trimEnd().split('\n')).toHaveLength(2);
    },
    SPAWNS_TIMEOUT,
  );
});
