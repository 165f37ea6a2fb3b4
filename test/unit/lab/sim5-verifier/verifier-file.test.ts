import { describe, expect, it } from 'vitest';
import { parseVerifierFile, type VerifierParse } from '../../../../src/lib/lab/sim5-verifier/verifier-file';

async function ok(pending: Promise<VerifierParse>) {
  const parse = await pending;
  if (!parse.ok) throw new Error(parse.errors.join('\n'));
  return parse;
}

async function errors(pending: Promise<VerifierParse>): Promise<string[]> {
  const parse = await pending;
  if (parse.ok) throw new Error('expected the file to be refused');
  return parse.errors;
}

describe('parseVerifierFile: CSV', () => {
  it('reads correct and keep in every accepted spelling, ignoring other columns', async () => {
    const csv = 'id,correct,keep,text\n1,true,1,a\n2,FALSE,0,b\n3,yes,no,c\n4,0,Yes,d\n5, 1 ,false,e\n';
    const { data, notes } = await ok(parseVerifierFile(csv, 'verifier.csv'));
    expect(Array.from(data.correct)).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(data.keep!)).toEqual([1, 0, 0, 1, 0]);
    expect(data.score).toBeUndefined();
    expect(data.quality).toBe(false);
    expect(data.source).toBe('verifier.csv');
    expect(notes).toEqual([]);
  });

  it('matches column names without regard to case or spaces, and reads TSV', async () => {
    const tsv = ' Correct \tSCORE\n1\t0.25\n0\t-3e-1\n';
    const { data } = await ok(parseVerifierFile(tsv, 'v.tsv'));
    expect(Array.from(data.correct)).toEqual([1, 0]);
    expect(Array.from(data.score!)).toEqual([0.25, -0.3]);
  });

  it('keeps both keep and score when both are there, with a note', async () => {
    const { data, notes } = await ok(parseVerifierFile('correct,keep,score\n1,1,0.9\n0,0,0\n', 'both.csv'));
    expect(Array.from(data.keep!)).toEqual([1, 0]);
    expect(Array.from(data.score!)).toEqual([0.9, 0]);
    expect(notes[0]).toMatch(/both 'keep' and 'score'/);
  });

  it('reads a numeric correct column with values other than 0/1 as a quality score', async () => {
    const { data } = await ok(parseVerifierFile('correct,keep\n0.73,1\n0,0\n1,1\n0.2,0\n', 'rouge.csv'));
    expect(data.quality).toBe(true);
    expect(Array.from(data.correct)).toEqual([0.73, 0, 1, 0.2]);
  });

  it.each([
    [
      'a bad correct value',
      'correct,keep\n1,1\n0,1\n1,0\n0,0\n1,1\nmaybe,1\n',
      [
        "verifier.csv line 7: column 'correct' is 'maybe'; use true/false or 1/0 (or a number for a quality score).",
      ],
    ],
    [
      'a bad keep value',
      'correct,keep\n1,perhaps\n',
      ["verifier.csv line 2: column 'keep' is 'perhaps'; use true/false or 1/0."],
    ],
    [
      'a bad score',
      'correct,score\n1,high\n',
      [
        "verifier.csv line 2: column 'score' is 'high'; use a number (the verifier keeps scores at or above the threshold).",
      ],
    ],
    [
      'an empty cell',
      'correct,keep\n,1\n',
      [
        "verifier.csv line 2: column 'correct' is empty; use true/false or 1/0 (or a number for a quality score).",
      ],
    ],
    [
      'a short row',
      'correct,keep\n1\n',
      ["verifier.csv line 2: column 'keep' is missing; use true/false or 1/0."],
    ],
    [
      'yes/no mixed with quality numbers',
      'correct,keep\n0.5,1\nyes,1\n',
      [
        "verifier.csv line 3: column 'correct' is 'yes', but line 2 has the quality score 0.5; use numbers throughout (or only true/false).",
      ],
    ],
  ])('refuses %s, naming file, line and column', async (_what, csv, want) => {
    expect(await errors(parseVerifierFile(csv, 'verifier.csv'))).toEqual(want);
  });

  it('refuses missing columns, listing the columns it found', async () => {
    expect(await errors(parseVerifierFile('id,label,keep\n1,1,1\n', 'v.csv'))).toEqual([
      "v.csv has no column 'correct' (found: 'id', 'label', 'keep'). Add a column 'correct' saying whether each candidate is right (true/false or 1/0, or a quality score such as ROUGE).",
    ]);
    expect((await errors(parseVerifierFile('correct,text\n1,a\n', 'v.csv')))[0]).toMatch(
      /^v\.csv has no column 'keep' or 'score' \(found: 'correct', 'text'\)\. Add the verifier's decision/,
    );
  });

  it('lists the first five bad values and counts the rest', async () => {
    const csv = 'correct,keep\n' + Array.from({ length: 9 }, () => 'maybe,1').join('\n');
    const e = await errors(parseVerifierFile(csv, 'v.csv'));
    expect(e).toHaveLength(6);
    expect(e[4]).toMatch(/^v\.csv line 6:/);
    expect(e[5]).toBe('…and 4 more values like these.');
  });

  it('refuses a file with a header but no candidates, and broken quoting with its line', async () => {
    expect(await errors(parseVerifierFile('correct,keep\n', 'v.csv'))).toEqual([
      'v.csv has no candidates: add one row per candidate.',
    ]);
    const broken = await errors(parseVerifierFile('correct,keep\n1,1\n"0,1\n', 'q.csv'));
    expect(broken[0]).toMatch(/^q\.csv line 3: a quoted value is never closed/);
    expect((await errors(parseVerifierFile('', 'empty.csv')))[0]).toMatch(/^empty\.csv has no header row/);
  });
});

describe('parseVerifierFile: JSONL', () => {
  it('reads booleans, numbers and strings, with keys in any case', async () => {
    const jsonl = [
      '{"correct": true, "keep": 1, "prompt": "x"}',
      '',
      '{"Correct": "no", "KEEP": false}',
      '{"correct": 0, "keep": "yes"}',
    ].join('\n');
    const { data } = await ok(parseVerifierFile(jsonl, 'cands.jsonl'));
    expect(Array.from(data.correct)).toEqual([1, 0, 0]);
    expect(Array.from(data.keep!)).toEqual([1, 0, 1]);
  });

  it('sniffs JSONL without a telling extension', async () => {
    const { data } = await ok(parseVerifierFile('{"correct": 1, "score": 2.5}\n', 'export'));
    expect(Array.from(data.score!)).toEqual([2.5]);
  });

  it('refuses a line without a correct value, and invalid JSON, by line', async () => {
    expect(await errors(parseVerifierFile('{"correct": 1, "keep": 1}\n{"keep": 0}\n', 'c.jsonl'))).toEqual([
      "c.jsonl line 2: key 'correct' is missing; use true/false or 1/0 (or a number for a quality score).",
    ]);
    expect(await errors(parseVerifierFile('{"correct": 1, "keep": [1]}\n', 'c.jsonl'))).toEqual([
      "c.jsonl line 1: key 'keep' is an array; use true/false or 1/0.",
    ]);
    expect(
      (await errors(parseVerifierFile('{"correct": 1, "keep": 1}\n{"correct": 1,\n', 'c.jsonl')))[0],
    ).toMatch(/^c\.jsonl line 2(, column \d+)?: not valid JSON/);
  });

  it('refuses missing keys listing the keys found', async () => {
    expect((await errors(parseVerifierFile('{"ok": 1, "keep": 1}\n', 'c.jsonl')))[0]).toMatch(
      /^c\.jsonl has no key 'correct' \(found: 'ok', 'keep'\)/,
    );
  });
});
