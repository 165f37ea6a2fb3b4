import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/lib/toedit';
import {
  editedLine,
  editLogLine,
  editRecipe,
  exportRecord,
  parseRecipe,
  plainText,
  type EditRecipe,
} from '../../../src/lib/toedit/edit-export';
import { emptyCounts } from '../../../src/lib/toedit/counts';

const recipe: EditRecipe = {
  format: 'semisynth.toedit-recipe',
  version: 1,
  semisynth: '0.1.0',
  model: {
    id: 'semisynth-test/bigram',
    kind: 'transformers',
    dtype: 'fp32',
    device: 'wasm',
    vocabSize: 320,
    bosPrepended: true,
  },
  scoredK: 8,
  config: { ...DEFAULT_CONFIG },
  seed: 7,
  seedDerivation: 'murmur3-mix(seed, index) v1',
};

describe('parseRecipe', () => {
  it('reads back what the editor writes', () => {
    expect(parseRecipe(JSON.stringify(recipe))).toEqual({ ok: true, recipe });
    const sft = {
      ...recipe,
      sft: { shape: 'messages', edited: 'last' as const, template: 'plain' as const },
    };
    expect(parseRecipe(JSON.stringify(sft))).toEqual({ ok: true, recipe: sft });
  });
  it.each([
    { name: 'not JSON', text: '{oops', problem: /not valid JSON/ },
    { name: 'another JSON file', text: '{"a": 1}', problem: /not a Semisynth editing recipe/ },
    {
      name: 'a future version',
      text: JSON.stringify({ ...recipe, version: 2 }),
      problem: /version 2 is not supported/,
    },
    {
      name: 'a bad seed',
      text: JSON.stringify({ ...recipe, seed: 1.5 }),
      problem: /"seed" = 1.5 must be an integer/,
    },
    {
      name: 'an invalid setting',
      text: JSON.stringify({ ...recipe, config: { ...recipe.config, tau: 2 } }),
      problem: /config\.tau: τ = 2 must be a probability/,
    },
    {
      name: 'a malformed instruction-data setting',
      text: JSON.stringify({ ...recipe, sft: { shape: 'auto', edited: 'some' } }),
      problem: /"sft" must be \{"shape": …, "edited": "all" or "last"/,
    },
  ])('refuses $name with a specific message', ({ text, problem }) => {
    const parsed = parseRecipe(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join('\n')).toMatch(problem);
  });
});

describe('exportRecord and plainText', () => {
  it('keeps the original fields first and in order', () => {
    const line = exportRecord({ z: 1, text: 'a', a: [2] }, 'a', 'b', emptyCounts());
    expect(Object.keys(line)).toEqual(['z', 'text', 'a', 'semisynth_edited_text', 'semisynth_edit_stats']);
  });
  it('gives plain-text inputs a text field', () => {
    expect(exportRecord(undefined, 'orig', 'new', emptyCounts())).toMatchObject({
      text: 'orig',
      semisynth_edited_text: 'new',
    });
  });
  it('separates documents by a blank line', () => {
    expect(plainText(['a', 'b'])).toBe('a\n\nb\n');
    expect(plainText([])).toBe('');
  });
});

describe('the lines the page and the command line both write', () => {
  const doc = {
    index: 3,
    text: 'abc',
    origin: { source: 'c.jsonl', line: 4 },
    record: { id: 1, text: 'abc' },
  };
  const edited = {
    ok: true as const,
    text: 'abd',
    bytes: new TextEncoder().encode('abd'),
    bytesChanged: true,
    log: [],
    editable: null,
    counts: emptyCounts(),
  };
  it('one JSONL line per edited document, none for a refused one', () => {
    expect(editedLine(doc, edited)).toBe(
      '{"id":1,"text":"abc","semisynth_edited_text":"abd","semisynth_edit_stats":{"tokens":0,"flagged":0,"expected_edits":0,"edits":0,"deleted":0}}\n',
    );
    expect(editedLine(doc, { ok: false, error: 'no scores' })).toBe('');
  });
  it('one edit-log line per document, with its error when refused', () => {
    expect(editLogLine(doc, edited)).toBe('{"index":3,"source":"c.jsonl","line":4,"log":[]}\n');
    expect(
      editLogLine({ index: 0, origin: { source: 'pasted text' } }, { ok: false, error: 'no scores' }),
    ).toBe('{"index":0,"source":"pasted text","error":"no scores"}\n');
  });
  it('a recipe from the prior that scored', () => {
    const info = {
      modelId: 'semisynth-test/bigram',
      kind: 'transformers' as const,
      dtype: 'fp32',
      device: 'wasm' as const,
      vocabSize: 320,
      bosTokenId: 0,
    };
    expect(editRecipe('0.1.0', info, 8, { ...DEFAULT_CONFIG }, 7)).toEqual(recipe);
  });
});
