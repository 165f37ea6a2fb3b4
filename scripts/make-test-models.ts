/**
 * Generates Semisynth's self-made test models (no network, no Python), deterministically:
 *
 *   tsx scripts/make-test-models.ts [outDir]     (default: public/models/semisynth-test)
 *
 * writes <outDir>/tiny-llama, <outDir>/bigram, <outDir>/bigram-chat (bigram with a chat template),
 * <outDir>/primer (the first run's default prior), and the
 * SentencePiece-family <outDir>/sp-bigram and <outDir>/sp-llama (testmodels/sentencepiece-models.ts), each
 * with config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (fp32), i.e. the
 * transformers.js local-model layout for the ids `semisynth-test/<name>` with env.localModelPath = the parent
 * of outDir; and <outDir>/bpe-large, a 32k byte-level BPE tokenizer alone (testmodels/bpe-large.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bigramConfig, bigramCounts, bigramLogTable, bigramOnnx } from './testmodels/bigram';
import { BpeEncoder, tokenizerConfigJson, tokenizerJson, trainMerges } from './testmodels/bpe';
import { CORPUS_DOCUMENTS } from './testmodels/corpus';
import { primerConfig, primerLogTable } from './testmodels/primer';
import { TINY_LLAMA, tinyLlamaConfig, tinyLlamaOnnx, tinyLlamaWeights } from './testmodels/llama';
import { buildSentencePieceModels } from './testmodels/sentencepiece-models';
import { bpeLargeMerges, bpeLargeTokenizerConfigJson, bpeLargeTokenizerJson } from './testmodels/bpe-large';
import { TEST_CHAT_TEMPLATE } from './testmodels/test-chat-template';

export const VOCAB_SIZE = TINY_LLAMA.vocabSize;
export const DEFAULT_OUT_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../public/models/semisynth-test',
);

/** model name → (relative path → file bytes). Pure: everything is derived from the corpus and fixed seeds. */
export function buildTestModels(): Map<string, Map<string, Uint8Array>> {
  const merges = trainMerges(CORPUS_DOCUMENTS, VOCAB_SIZE);
  const json = (value: object) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
  const tokenizerConfig = tokenizerConfigJson(TINY_LLAMA.maxPositions);
  const tokenizerFiles: [string, Uint8Array][] = [
    ['tokenizer.json', json(tokenizerJson(merges))],
    ['tokenizer_config.json', json(tokenizerConfig)],
  ];

  const encoder = new BpeEncoder(merges);
  const counts = bigramCounts(
    CORPUS_DOCUMENTS.map((d) => encoder.encode(d)),
    VOCAB_SIZE,
  );
  const bigramFiles: [string, Uint8Array][] = [
    ['config.json', json(bigramConfig(VOCAB_SIZE))],
    ...tokenizerFiles,
    ['onnx/model.onnx', bigramOnnx(bigramLogTable(counts, VOCAB_SIZE), VOCAB_SIZE)],
  ];
  return new Map([
    [
      'tiny-llama',
      new Map([
        ['config.json', json(tinyLlamaConfig())],
        ...tokenizerFiles,
        ['onnx/model.onnx', tinyLlamaOnnx(tinyLlamaWeights())],
      ]),
    ],
    ['bigram', new Map(bigramFiles)],
    [
      // The bigram model with a chat template: instruction data laid out by the tokenizer's template.
      'bigram-chat',
      new Map([
        ...bigramFiles,
        ['tokenizer_config.json', json({ ...tokenizerConfig, chat_template: TEST_CHAT_TEMPLATE })],
      ]),
    ],
    [
      'primer',
      new Map([
        ['config.json', json(primerConfig(VOCAB_SIZE))],
        ...tokenizerFiles,
        ['onnx/model.onnx', bigramOnnx(primerLogTable(counts, VOCAB_SIZE), VOCAB_SIZE)],
      ]),
    ],
    ...buildSentencePieceModels(),
    [
      'bpe-large',
      new Map([
        // Tokenizer only: for alignment and vocabulary tests on a realistic 32k vocabulary. Compact JSON
        // (the merges alone would be 3 MB indented).
        ['tokenizer.json', new TextEncoder().encode(JSON.stringify(bpeLargeTokenizerJson(bpeLargeMerges())))],
        ['tokenizer_config.json', json(bpeLargeTokenizerConfigJson())],
      ]),
    ],
  ]);
}

/** Writes all test models under `outDir`; returns one summary line per model. */
export function writeTestModels(outDir: string = DEFAULT_OUT_DIR): string[] {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const lines: string[] = [];
  for (const [name, files] of buildTestModels()) {
    let total = 0;
    for (const [rel, bytes] of files) {
      const path = join(outDir, name, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      total += bytes.length;
    }
    const onnx = files.get('onnx/model.onnx');
    const what = onnx ? `onnx/model.onnx ${kib(onnx.length)}` : 'tokenizer only';
    lines.push(`semisynth-test/${name}: ${what}, ${files.size} files ${kib(total)} → ${join(outDir, name)}`);
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const outDir = resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
  for (const line of writeTestModels(outDir)) console.log(line);
  console.log(`test models written in ${Math.round(performance.now() - started)} ms`);
}
