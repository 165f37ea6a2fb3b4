import { byteLevelToBytes } from './byte-alphabet';

/** Where each token lies in the UTF-8 bytes of the original text: token i covers [start[i], end[i]). */
export interface ByteSpans {
  start: Uint32Array;
  end: Uint32Array;
}

export class TokenAlignmentError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'TokenAlignmentError';
  }
}

/**
 * Maps tokenizer output back onto the original text's bytes.
 *
 * `tokens` are the tokenizer's token strings (byte-level alphabet), `literal` says which of them are added
 * tokens whose string is their literal text (special tokens typed by the user, e.g. "<s>"). Throws
 * TokenAlignmentError if the tokens' bytes do not reproduce the text exactly — a tokenizer that normalises
 * text (NFC, lowercasing, prefix spaces) would otherwise silently misplace every later score.
 */
export function alignTokens(
  textBytes: Uint8Array,
  tokens: readonly string[],
  literal: (token: string) => boolean = () => false,
): ByteSpans {
  const encoder = new TextEncoder();
  const start = new Uint32Array(tokens.length);
  const end = new Uint32Array(tokens.length);
  let offset = 0;
  tokens.forEach((token, i) => {
    const bytes = literal(token) ? encoder.encode(token) : byteLevelToBytes(token);
    if (bytes === null) {
      throw new TokenAlignmentError(
        `token ${i} (${JSON.stringify(token)}) is not in the byte-level alphabet; ` +
          'Semisynth currently aligns only byte-level BPE tokenizers (GPT-2, Llama 3, SmolLM2, Qwen2.5)',
        offset,
      );
    }
    for (let j = 0; j < bytes.length; j++) {
      if (textBytes[offset + j] !== bytes[j]) {
        throw new TokenAlignmentError(
          `token ${i} (${JSON.stringify(token)}) does not match the text at byte ${offset + j}; ` +
            'the tokenizer changes the text (normalisation?), so scores cannot be placed exactly',
          offset + j,
        );
      }
    }
    start[i] = offset;
    offset += bytes.length;
    end[i] = offset;
  });
  if (offset !== textBytes.length) {
    throw new TokenAlignmentError(
      `the tokens cover ${offset} of the text's ${textBytes.length} bytes; the tokenizer dropped text`,
      offset,
    );
  }
  return { start, end };
}
