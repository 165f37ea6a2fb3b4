import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, preset, validateConfig, type ToEditConfig } from '../../../src/lib/toedit/config';
import { countsNotice } from '../../../src/lib/toedit/counts';
import {
  corpusCounts,
  editCorpus,
  editDocument,
  type DocumentEdit,
} from '../../../src/lib/toedit/edit-engine';
import { temperedWeights } from '../../../src/lib/toedit/samplers';
import { buildDocument, byteChunks, TestVocab, type TokenSpec } from './toedit-fixtures';
import { splicedBytes } from '../../support/spliced-bytes';

const enc = new TextEncoder();
const LP_HIGH = Math.log(0.995);

function ok(r: DocumentEdit) {
  if (!r.ok) throw new Error(r.error);
  return r;
}

const TRICKY = [
  'plain ASCII text.',
  '東京都の天気は晴れです。',
  'emoji 😀👩‍👩‍👧‍👦🏳️‍🌈 and flags 🇫🇷',
  'combining: e\u0301 a\u0308\u0323 Z\u0351\u0352',
  'line\r\nendings\r\n\r\nmixed\n\rand\ttabs',
  '\uFEFFleading BOM and trailing space ',
  'Ελληνικά, русский, עברית, العربية',
];

describe('byte-exact round trips', () => {
  const vocab = new TestVocab();
  for (const text of TRICKY)
    for (const lengths of [[1], [2, 3], [4, 1, 5]]) {
      it(`no flags: ${JSON.stringify(text)} in byte pieces ${lengths}`, () => {
        const doc = byteChunks(vocab, text, lengths, Math.log(0.5));
        const r = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 1, 0, vocab));
        expect(r.text).toBe(text);
        expect(r.bytes).toEqual(enc.encode(text));
        expect(r.bytesChanged).toBe(false);
        expect(r.log).toEqual([]);
      });
      it(`everything flagged, only the original as candidate: ${JSON.stringify(text)} ${lengths}`, () => {
        const doc = byteChunks(vocab, text, lengths, 0);
        const r = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 1, 0, vocab));
        expect(r.text).toBe(text);
        expect(r.counts.flagged).toBe(doc.scores.tokenIds.length - 1);
        expect(r.counts.realisedEdits).toBe(0);
      });
      it(`edits where UTF-8 allows, every other byte kept: ${JSON.stringify(text)} ${lengths}`, () => {
        const z = vocab.id('Z');
        const doc = byteChunks(vocab, text, lengths, LP_HIGH, [[z, Math.log(0.004)]]);
        const r = ok(
          editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, forceChange: true }, 1, 0, vocab),
        );
        expect(r.bytes).toEqual(splicedBytes(enc.encode(doc.text), r.log, vocab)); // the splice contract
        expect(r.text).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes));
        for (const e of r.log) {
          // A token is either replaced by Z or excluded because Z there would break UTF-8.
          if (e.changed) expect(e.replacement).toBe(z);
          else if (e.original !== z)
            expect(e.skipped === 'no-candidates' && e.excluded.utf8.includes(z)).toBe(true);
        }
        // Where every token is part of a multi-byte character, no edit may be possible at all.
        if (lengths.length === 1 && /[a-z]/.test(text)) expect(r.counts.realisedEdits).toBeGreaterThan(0);
      });
    }
});

describe('UTF-8 at splices', () => {
  const vocab = new TestVocab();
  const [f0, x9f, x98, x80] = [0xf0, 0x9f, 0x98, 0x80].map((b) => vocab.id(Uint8Array.from([b])));
  const x81 = vocab.id(Uint8Array.from([0x81]));
  const a = vocab.id('a');
  const x = vocab.id('x');
  it('excludes a candidate that would leave half an emoji, and keeps one that makes another emoji', () => {
    const tokens: TokenSpec[] = [
      { id: a, logprob: 0 },
      ...[f0, x9f, x98].map((id) => ({
        id,
        logprob: LP_HIGH,
        top: [
          [id, LP_HIGH],
          [x, Math.log(0.004)],
        ] as [number, number][],
      })),
      {
        id: x80,
        logprob: LP_HIGH,
        top: [
          [x80, LP_HIGH],
          [x81, Math.log(0.004)],
          [x, Math.log(0.001)],
        ],
      },
    ];
    const doc = buildDocument(vocab, tokens);
    expect(doc.text).toBe('a😀');
    const r = ok(editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, forceChange: true }, 5, 0, vocab));
    expect(r.text).toBe('a😁'); // 80 → 81 is the only edit that keeps UTF-8
    expect(r.log.map((e) => e.skipped ?? 'edited')).toEqual([
      'no-candidates',
      'no-candidates',
      'no-candidates',
      'edited',
    ]);
    expect(r.log[0].excluded.utf8).toEqual([x]);
    expect(r.log[3].excluded.utf8).toEqual([x]);
    expect(r.log[3].candidates).toEqual([x81]);
    expect(r.log[3].weights).toEqual([1]);
  });
  it('does not delete part of a character (filtering keeps it and says why)', () => {
    const tokens: TokenSpec[] = [
      { id: a, logprob: 0 },
      { id: f0, logprob: Math.log(1e-5) },
      { id: x9f, logprob: 0 },
      { id: x98, logprob: 0 },
      { id: x80, logprob: 0 },
      { id: a, logprob: Math.log(1e-5) },
    ];
    const doc = buildDocument(vocab, tokens);
    const r = ok(editDocument(doc.text, doc.scores, preset('filtering'), 1, 0, vocab));
    expect(r.text).toBe('a😀');
    expect(r.log.map((e) => [e.position, e.skipped])).toEqual([
      [1, 'utf8'],
      [5, undefined],
    ]);
    expect(r.counts).toMatchObject({ dropFlagged: 2, deleted: 1, skipped: 1 });
  });
});

/** A document of n tokens "w0".."w{n-1}", all flagged (p = 0.991), the residual spread over 7 alternatives. */
function flaggedDocument(vocab: TestVocab, n: number, po = 0.991) {
  const alts = Array.from({ length: 7 }, (_, j) => vocab.id(` alt${j}`));
  const tokens: TokenSpec[] = Array.from({ length: n }, (_, i) => {
    const id = vocab.id(` w${i % 50}`);
    return {
      id,
      logprob: Math.log(po),
      top: [[id, Math.log(po)], ...alts.map((a): [number, number] => [a, Math.log((1 - po) / 7)])],
    };
  });
  return buildDocument(vocab, tokens);
}

describe('determinism', () => {
  const vocab = new TestVocab();
  const docs = [0, 1, 2, 3, 4].map(() => flaggedDocument(vocab, 400));
  it('same inputs → the same bytes', () => {
    const a = ok(editDocument(docs[0].text, docs[0].scores, DEFAULT_CONFIG, 99, 3, vocab));
    const b = ok(editDocument(docs[0].text, docs[0].scores, DEFAULT_CONFIG, 99, 3, vocab));
    expect(a.bytes).toEqual(b.bytes);
    expect(a.counts.realisedEdits).toBeGreaterThan(0);
  });
  it('another seed or document index → different edits', () => {
    const a = ok(editDocument(docs[0].text, docs[0].scores, DEFAULT_CONFIG, 99, 3, vocab));
    expect(ok(editDocument(docs[0].text, docs[0].scores, DEFAULT_CONFIG, 100, 3, vocab)).text).not.toBe(
      a.text,
    );
    expect(ok(editDocument(docs[0].text, docs[0].scores, DEFAULT_CONFIG, 99, 4, vocab)).text).not.toBe(
      a.text,
    );
  });
  it('batching and order do not change a document', () => {
    const whole = [...editCorpus(docs, DEFAULT_CONFIG, 7, vocab)].map((d) => ok(d.result).text);
    const sliced = [
      ...editCorpus(docs.slice(0, 2), DEFAULT_CONFIG, 7, vocab),
      ...editCorpus(docs.slice(2), DEFAULT_CONFIG, 7, vocab, 2),
    ].map((d) => ok(d.result).text);
    const reversed = [4, 3, 2, 1, 0]
      .map((i) => ok(editDocument(docs[i].text, docs[i].scores, DEFAULT_CONFIG, 7, i, vocab)).text)
      .reverse();
    expect(sliced).toEqual(whole);
    expect(reversed).toEqual(whole);
  });
  it('raising τ only removes flags; the tokens still flagged keep their draws', () => {
    const tokens: TokenSpec[] = Array.from({ length: 300 }, (_, i) => {
      const id = vocab.id(` v${i}`);
      const p = i % 2 ? 0.993 : 0.998;
      return {
        id,
        logprob: Math.log(p),
        top: [
          [id, Math.log(p)],
          [vocab.id(' other'), Math.log(1 - p)],
        ],
      };
    });
    const doc = buildDocument(vocab, tokens);
    const low = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 3, 0, vocab));
    const high = ok(editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, tau: 0.995 }, 3, 0, vocab));
    const drawn = new Map(low.log.map((e) => [e.position, e.replacement]));
    for (const e of high.log) expect(e.replacement).toBe(drawn.get(e.position));
    expect(high.log.length).toBeLessThan(low.log.length);
  });
});

describe('counts', () => {
  it('realised edits match the expected edit rate (k = 8, β = 1.5, p = 0.991: ~7.7 %)', () => {
    const vocab = new TestVocab();
    const doc = flaggedDocument(vocab, 20_001);
    const r = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 2024, 0, vocab));
    expect(r.counts.flagged).toBe(20_000);
    const rate = r.counts.expectedEdits / r.counts.flagged;
    expect(rate).toBeCloseTo(0.0769, 3);
    const sd = Math.sqrt(20_000 * rate * (1 - rate));
    expect(Math.abs(r.counts.realisedEdits - r.counts.expectedEdits)).toBeLessThan(5 * sd);
    expect(r.log.filter((e) => e.changed).length).toBe(r.counts.realisedEdits);
  });
  it('sum over a corpus', () => {
    const vocab = new TestVocab();
    const docs = [flaggedDocument(vocab, 10), flaggedDocument(vocab, 20)];
    const c = corpusCounts([...editCorpus(docs, DEFAULT_CONFIG, 1, vocab)].map((d) => d.result));
    expect(c).toMatchObject({ documents: 2, tokens: 30, scored: 28, flagged: 28 });
  });
});

describe('rules and options', () => {
  const vocab = new TestVocab();
  const other = vocab.id(' other');
  const spec = (text: string, p: number): TokenSpec => {
    const id = vocab.id(text);
    return {
      id,
      logprob: Math.fround(Math.log(p)),
      top: [
        [id, Math.log(p)],
        [other, Math.log(Math.max(1e-9, 1 - p))],
      ],
    };
  };

  it('low_drop_up_revise deletes p < 0.001 exactly and revises p > 0.99 with β = 1', () => {
    const doc = buildDocument(vocab, [
      spec('Start', 1),
      spec(' keep', 0.5),
      spec(' gone', 0.0001),
      spec(' high', 0.995),
      spec(' 🙂', 0.0002),
      spec('.', 0.3),
    ]);
    const r = ok(editDocument(doc.text, doc.scores, preset('low_drop_up_revise'), 1, 0, vocab));
    expect(r.log.map((e) => [e.position, e.action])).toEqual([
      [2, 'delete'],
      [3, 'revise'],
      [4, 'delete'],
    ]);
    const revised = r.log[1];
    expect(revised.weights).toEqual(
      Array.from(temperedWeights([Math.fround(Math.log(0.995)), Math.fround(Math.log(0.005))], 1)),
    );
    expect(revised.weights[0]).toBeCloseTo(0.995, 6); // β = 1: the top-k probabilities themselves
    const expected = revised.changed ? 'Start keep other.' : 'Start keep high.';
    expect(r.text).toBe(expected);
    expect(r.counts).toMatchObject({ flagged: 1, dropFlagged: 2, deleted: 2 });
  });

  it('filtering keeps only p ≥ 0.001 (a stored p of 0.001 reads as 0.00099999990 in float32 and goes)', () => {
    const doc = buildDocument(vocab, [
      spec('A', 1),
      spec(' b', 0.001),
      spec(' c', 0.0011),
      spec(' d', 0.9999),
    ]);
    const r = ok(editDocument(doc.text, doc.scores, preset('filtering'), 1, 0, vocab));
    expect(r.text).toBe('A c d');
    expect(r.counts.flagged).toBe(0);
  });

  it('force change never returns the original token', () => {
    const vocab2 = new TestVocab();
    const doc = flaggedDocument(vocab2, 3_000, 0.9999);
    const r = ok(editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, forceChange: true }, 8, 0, vocab2));
    expect(r.log.every((e) => e.changed && e.replacement !== e.original && e.excluded.original)).toBe(true);
    expect(r.counts.realisedEdits).toBe(2_999);
    expect(r.counts.expectedEdits).toBeCloseTo(2_999, 9);
  });

  it('force change with k = 1 leaves the token and says so', () => {
    const doc = buildDocument(vocab, [spec('A', 1), spec(' b', 0.999)]);
    const r = ok(
      editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, k: 1, forceChange: true }, 1, 0, vocab),
    );
    expect(r.text).toBe(doc.text);
    expect(r.log[0].skipped).toBe('no-candidates');
    expect(r.counts.skipped).toBe(1);
  });

  it('never draws a special token, even the most probable candidate', () => {
    const eos = vocab.id('</s>', true);
    const tokens: TokenSpec[] = Array.from({ length: 2_000 }, (_, i) => {
      const id = vocab.id(i % 2 ? ' x' : ' y');
      return {
        id,
        logprob: Math.log(0.992),
        top: [
          [eos, Math.log(0.992)],
          [id, Math.log(0.006)],
          [other, Math.log(0.002)],
        ],
      };
    });
    const doc = buildDocument(vocab, tokens);
    const r = ok(editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, forceChange: true }, 4, 0, vocab));
    expect(r.log.every((e) => e.replacement === other && e.excluded.special[0] === eos)).toBe(true);
    expect(r.text).not.toContain('</s>');
  });

  it('never edits position 0 without a BOS (even if a log-prob sits there); does with one', () => {
    const tokens = [spec('First', 1), spec(' second', 1)];
    const doc = buildDocument(vocab, tokens);
    doc.scores.logprob[0] = 0;
    const cfg: ToEditConfig = { ...DEFAULT_CONFIG, forceChange: true };
    const r = ok(editDocument(doc.text, doc.scores, cfg, 1, 0, vocab));
    expect(r.text).toBe('First other');
    const withBos = buildDocument(vocab, tokens, { bosPrepended: true });
    expect(ok(editDocument(withBos.text, withBos.scores, cfg, 1, 0, vocab)).text).toBe(' other other');
  });

  it('does not splice into a span whose bytes are not the token’s (a normalising tokenizer)', () => {
    const hello = vocab.id(' Hello');
    const doc = buildDocument(vocab, [
      spec('A', 1),
      {
        id: hello,
        textBytes: enc.encode('Hello'),
        logprob: 0,
        top: [
          [hello, 0],
          [other, -20],
        ],
      },
    ]);
    const r = ok(editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, forceChange: true }, 1, 0, vocab));
    expect(r.text).toBe('AHello');
    expect(r.log[0].skipped).toBe('span-mismatch');
  });

  it('top-p and rejection samplers run through the engine', () => {
    const vocab2 = new TestVocab();
    const doc = flaggedDocument(vocab2, 200);
    for (const sampler of ['top-p', 'rejection'] as const) {
      const r = ok(
        editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, sampler, topP: 0.9 }, 1, 0, vocab2),
      );
      expect(r.counts.flagged).toBe(199);
      if (sampler === 'top-p') expect(r.counts.realisedEdits).toBe(0); // the nucleus at 0.9 is the original alone
    }
  });
});

describe('bad input', () => {
  const vocab = new TestVocab();
  it('an empty document round-trips with zero counts and a notice', () => {
    const doc = buildDocument(vocab, []);
    const r = ok(editDocument('', doc.scores, DEFAULT_CONFIG, 1, 0, vocab));
    expect(r.text).toBe('');
    expect(r.counts).toMatchObject({ documents: 1, tokens: 0, flagged: 0 });
    expect(countsNotice(r.counts, DEFAULT_CONFIG)).toMatch(/empty/);
  });
  it('a one-token document is unchanged, and the notice says why', () => {
    const id = vocab.id('Only');
    const doc = buildDocument(vocab, [{ id, logprob: 0 }]);
    const r = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 1, 0, vocab));
    expect(r.text).toBe('Only');
    expect(countsNotice(r.counts, DEFAULT_CONFIG)).toMatch(/no prefix/);
  });
  it('a corpus with nothing flagged is unchanged and says so', () => {
    const doc = byteChunks(vocab, 'nothing to see here', [3], Math.log(0.2));
    const r = ok(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 1, 0, vocab));
    expect(r.text).toBe(doc.text);
    expect(countsNotice(r.counts, DEFAULT_CONFIG)).toBe(
      'No token matches p > 0.99 (0 of 6 scored tokens): the output equals the input.',
    );
  });

  it.each([
    [{ k: 0 }, 'k', 'k = 0 must be an integer ≥ 1 (candidates per flagged token)'],
    [{ k: 2.5 }, 'k', 'k = 2.5 must be an integer ≥ 1 (candidates per flagged token)'],
    [{ tau: 1.5 }, 'tau', 'τ = 1.5 must be a probability in [0, 1]'],
    [{ tau: -0.1 }, 'tau', 'τ = -0.1 must be a probability in [0, 1]'],
    [{ tau: NaN }, 'tau', 'τ = NaN must be a probability in [0, 1]'],
    [{ beta: 0 }, 'beta', 'β = 0 must be a finite number > 0 (weights ∝ p^(1/β))'],
    [{ beta: -1 }, 'beta', 'β = -1 must be a finite number > 0 (weights ∝ p^(1/β))'],
    [{ beta: Infinity }, 'beta', 'β = Infinity must be a finite number > 0 (weights ∝ p^(1/β))'],
    [{ topP: 0 }, 'topP', 'top-p = 0 must be in (0, 1]'],
    [{ dropBelow: 2 }, 'dropBelow', 'drop threshold = 2 must be a probability in [0, 1]'],
    [
      { rule: 'sideways' },
      'rule',
      'rule "sideways" must be one of above, at-least, at-most, low_drop_up_revise, filtering',
    ],
    [{ sampler: 'greedy' }, 'sampler', 'sampler "greedy" must be one of top-k, top-p, rejection'],
    [
      { rule: 'low_drop_up_revise', tau: 0.5, dropBelow: 0.6 },
      'dropBelow',
      'drop threshold 0.6 must not exceed τ = 0.5',
    ],
  ])('invalid %o → a message naming %s, and no output', (patch, field, message) => {
    const cfg = { ...DEFAULT_CONFIG, ...patch } as ToEditConfig;
    expect(validateConfig(cfg)).toEqual([{ field, value: cfg[field as keyof ToEditConfig], message }]);
    const doc = flaggedDocument(vocab, 5);
    expect(editDocument(doc.text, doc.scores, cfg, 1, 0, vocab)).toEqual({ ok: false, error: message });
  });

  it('the defaults and presets are valid', () => {
    for (const p of ['reference', 'low_drop_up_revise', 'filtering'] as const)
      expect(validateConfig(preset(p))).toEqual([]);
  });

  it('k above what the scores kept, mismatched arrays and bad spans are reported, not thrown', () => {
    const doc = flaggedDocument(vocab, 5);
    const r = editDocument(doc.text, doc.scores, { ...DEFAULT_CONFIG, k: 16 }, 1, 0, vocab);
    expect(r).toEqual({
      ok: false,
      error: 'k = 16 but the scores keep only 8 alternatives per token: lower k or re-score with k ≥ 16',
    });
    expect(
      editDocument(
        doc.text + 'x',
        { ...doc.scores, logprob: new Float32Array(2) },
        DEFAULT_CONFIG,
        1,
        0,
        vocab,
      ),
    ).toEqual({
      ok: false,
      error: 'scores.logprob has 2 entries for 5 tokens',
    });
    const r2 = editDocument('short', doc.scores, DEFAULT_CONFIG, 1, 0, vocab);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatch(/outside the text's 5 bytes/);
    expect(editDocument(doc.text, doc.scores, DEFAULT_CONFIG, 0.5, 0, vocab)).toEqual({
      ok: false,
      error: 'seed 0.5 must be an integer',
    });
  });
});
