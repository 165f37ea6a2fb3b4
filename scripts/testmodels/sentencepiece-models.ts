/**
 * The SentencePiece-family test models: `semisynth-test/sp-bigram` (exact bigram probabilities over the
 * SentencePiece tokenizer, so scores have a reference) and `semisynth-test/sp-llama` (a tiny random Llama
 * with that vocabulary: the real decoder path, KV cache included). Both ship the tokenizer of
 * sentencepiece.ts: Metaspace (prepend_scheme "first"), byte fallback, `<unk>`.
 */
import { bigramConfig, bigramCounts, bigramLogTable, bigramOnnx } from './bigram';
import { CORPUS_DOCUMENTS } from './corpus';
import { TINY_LLAMA, tinyLlamaConfig, tinyLlamaOnnx, tinyLlamaWeights, type LlamaShape } from './llama';
import {
  SP_VOCAB_SIZE,
  SpEncoder,
  spAlphabet,
  spTokenizerConfigJson,
  spTokenizerJson,
  trainSpMerges,
} from './sentencepiece';

export const SP_LLAMA: Readonly<LlamaShape> = { ...TINY_LLAMA, vocabSize: SP_VOCAB_SIZE, seed: 20251207 };

/** model name → (relative path → file bytes), like buildTestModels. */
export function buildSentencePieceModels(): Map<string, Map<string, Uint8Array>> {
  const json = (value: object) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
  const alphabet = spAlphabet(CORPUS_DOCUMENTS);
  const merges = trainSpMerges(CORPUS_DOCUMENTS, alphabet);
  const tokenizerFiles: [string, Uint8Array][] = [
    ['tokenizer.json', json(spTokenizerJson(alphabet, merges))],
    ['tokenizer_config.json', json(spTokenizerConfigJson(SP_LLAMA.maxPositions))],
  ];
  const encoder = new SpEncoder(alphabet, merges);
  const documents = CORPUS_DOCUMENTS.map((d) => encoder.encode(d).map((p) => encoder.vocab.get(p.piece)!));
  const table = bigramLogTable(bigramCounts(documents, SP_VOCAB_SIZE), SP_VOCAB_SIZE);
  // Llama 2 has no padding token; id 2 is <unk> here, not a pad.
  const noPad = { pad_token_id: null };
  return new Map([
    [
      'sp-bigram',
      new Map([
        ['config.json', json({ ...bigramConfig(SP_VOCAB_SIZE), ...noPad })],
        ...tokenizerFiles,
        ['onnx/model.onnx', bigramOnnx(table, SP_VOCAB_SIZE)],
      ]),
    ],
    [
      'sp-llama',
      new Map([
        ['config.json', json({ ...tinyLlamaConfig(SP_LLAMA), ...noPad })],
        ...tokenizerFiles,
        ['onnx/model.onnx', tinyLlamaOnnx(tinyLlamaWeights(SP_LLAMA), SP_LLAMA)],
      ]),
    ],
  ]);
}
