/**
 * Invariant: whatever the seed, editing an instruction record changes no byte outside its responses, and
 * the exported record, laid out again, is exactly the edited text.
 */
import { describe, expect, it } from 'vitest';
import { recogniseInstruction } from '../../../src/lib/sft/instruction-records';
import { plainLayout } from '../../../src/lib/sft/sft-layout';
import { sftExportRecord } from '../../../src/lib/sft/sft-export';
import { editDocument } from '../../../src/lib/toedit/edit-engine';
import { DEFAULT_CONFIG, type ToEditConfig } from '../../../src/lib/toedit/config';
import type { ByteRange } from '../../../src/lib/toedit/editable-ranges';
import { byteChunks, TestVocab } from '../toedit/toedit-fixtures';

const enc = new TextEncoder();
const HARD = ['日本語の文。', '👩‍👩‍👧 family', 'e\u0301te\u0301', 'a\r\nb\r\n', '\tx  y   ', '\uFEFFbom'];

/** The bytes outside `ranges`, one chunk per gap. */
function gaps(bytes: Uint8Array, ranges: readonly ByteRange[]): number[][] {
  const out: number[][] = [];
  let at = 0;
  for (const r of ranges) {
    out.push(Array.from(bytes.subarray(at, r.start)));
    at = r.end;
  }
  out.push(Array.from(bytes.subarray(at)));
  return out;
}

const CONFIGS: [string, ToEditConfig][] = [
  ['revise every token', { ...DEFAULT_CONFIG, rule: 'at-most', tau: 1, forceChange: true }],
  ['delete every token', { ...DEFAULT_CONFIG, rule: 'filtering', dropBelow: 1 }],
];

describe('editing instruction records', () => {
  it.each(CONFIGS)('never changes a prompt byte, for any seed (%s)', (_, config) => {
    let changed = 0;
    for (const hard of HARD) {
      const record = {
        id: hard,
        messages: [
          { role: 'system', content: `sys ${hard}` },
          { role: 'user', content: hard },
          { role: 'assistant', content: `${hard} answer ${hard}` },
          { role: 'user', content: `again ${hard}` },
          { role: 'assistant', content: `${hard}${hard}` },
        ],
        meta: { n: 1 },
      };
      const recognised = recogniseInstruction(record, 'auto');
      if (!recognised.ok) throw new Error(recognised.problem.detail);
      const layout = plainLayout(recognised.conversation, 'all');
      const vocab = new TestVocab();
      // Alternatives that are whole characters, parts of one (the UTF-8 check must drop them), and ASCII.
      const alternatives: [number, number][] = [
        [vocab.id('Z'), Math.log(0.0004)],
        [vocab.id(new Uint8Array([0xe6])), Math.log(0.0003)],
        [vocab.id('語'), Math.log(0.0002)],
        [vocab.id(' '), Math.log(0.0001)],
      ];
      // Token lengths 1, 2, 3, 5 bytes: tokens split characters and straddle the ranges' edges.
      const { text, scores } = byteChunks(vocab, layout.text, [1, 2, 3, 5], Math.log(0.999), alternatives);
      expect(text).toBe(layout.text);
      const original = enc.encode(text);
      for (let seed = 0; seed < 100; seed++) {
        const edit = editDocument(text, scores, config, seed, 0, vocab, layout.editable);
        if (!edit.ok) throw new Error(edit.error);
        for (const e of edit.log)
          expect(layout.editable.some((r) => r.start <= e.byteStart && e.byteEnd <= r.end)).toBe(true);
        expect(gaps(edit.bytes, edit.editable!)).toEqual(gaps(original, layout.editable));
        const exported = sftExportRecord(record, recognised.conversation, layout, edit);
        expect(exported.id).toBe(record.id);
        expect(exported.meta).toEqual(record.meta);
        const again = recogniseInstruction(exported, 'auto');
        if (!again.ok) throw new Error(again.problem.detail);
        expect(again.conversation.turns.filter((t) => t.role !== 'assistant')).toEqual(
          recognised.conversation.turns.filter((t) => t.role !== 'assistant'),
        );
        expect(plainLayout(again.conversation, 'all').text).toBe(edit.text);
        if (edit.bytesChanged) changed++;
      }
    }
    expect(changed).toBeGreaterThan(500);
  });
});
