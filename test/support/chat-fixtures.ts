/**
 * Chat records (OpenAI-style `messages`) for tests of response-only statistics, and what a report should
 * count for a choice of their turns, computed plainly (word-punct tokens, UTF-8 bytes, distinct tokens).
 * User and system turns use words no assistant turn has, so counting them would show in every figure.
 */
import { LIST_TEXT_SEPARATOR } from '../../src/lib/io/json-values';
import { wordPunctTokens } from '../../src/lib/stats/measures/word-punct';
import type { ChatTurn } from './input-fixtures';

export interface ChatRecord {
  id: number;
  text: string;
  messages: ChatTurn[];
}

/** `n` conversations; every third has a second exchange with non-ASCII text. */
export function chatRecords(n: number): ChatRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const messages: ChatTurn[] = [
      { role: 'system', content: 'You are a terse zebra oracle.' },
      { role: 'user', content: `Quagga question number ${i}: how many stripes?` },
      { role: 'assistant', content: `It has ${i + 3} stripes, friend.` },
      ...(i % 3 === 0
        ? [
            { role: 'user', content: 'Okapi follow-up, café?' },
            { role: 'assistant', content: `Naïve answer ${i}: yes — ☕.` },
          ]
        : []),
    ];
    // A short "text" field, as some chat datasets keep: too short to be the default.
    return { id: i, text: `chat ${i}`, messages };
  });
}

export function chatJsonl(records: readonly ChatRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Each record's turns by `role` (every turn when undefined), in order, joined as a list path joins them. */
export function turnTexts(records: readonly ChatRecord[], role?: string): string[] {
  return records.map((r) =>
    r.messages
      .filter((m) => role === undefined || m.role === role)
      .map((m) => m.content)
      .join(LIST_TEXT_SEPARATOR),
  );
}

/** What the Statistics report counts for these documents, computed plainly. */
export function plainCounts(texts: readonly string[]) {
  const tokens = texts.map((t) => wordPunctTokens(t));
  return {
    documents: texts.length,
    tokens: tokens.reduce((n, t) => n + t.length, 0),
    bytes: texts.reduce((n, t) => n + new TextEncoder().encode(t).length, 0),
    types: new Set(tokens.flat()).size,
  };
}
