/**
 * Which fields (JSONL keys, CSV columns) hold text, counted over records as they stream past, and the one to
 * read by default.
 */
import { isPlainObject, readField } from './json-values';

/**
 * A field (JSONL key, "a.b" for one level of nesting, "a[].b" for a list's items, "a[role=assistant].b" for
 * some of them, or CSV column) and how many records have non-empty text in it.
 */
export interface FieldCandidate {
  name: string;
  count: number;
  /** Every non-empty value looks like a number (ids, scores, 0/1 labels): never the default text field. */
  numeric?: boolean;
}

/** Names that usually hold the text, in order of preference. */
const PREFERRED_FIELDS = ['text', 'content', 'response', 'completion', 'output', 'body'];

/** Fields that mark a record as instruction data, whose response field is then preferred even to "text". */
const INSTRUCTION_FIELDS = ['instruction', 'prompt', 'question'];
const RESPONSE_FIELDS = ['response', 'completion', 'output', 'answer'];

/** Keys of chat turns that say who speaks ("role" in OpenAI's messages, "from" in ShareGPT's conversations). */
const SPEAKER_KEYS = ['role', 'from'];
/** Speakers that are the model (OpenAI, ShareGPT, Gemini), and the keys their text is under. */
const MODEL_SPEAKERS = ['assistant', 'gpt', 'model'];
const TURN_TEXT_KEYS = ['content', 'value', 'text'];
/** Speaker values offered per list: a list with more distinct ones is rarely a chat. */
const MAX_SPEAKERS = 8;

/** Keys with string values, top-level and one level down as "a.b", counting records where the text is non-empty. */
export function listStringFields(records: Iterable<Record<string, unknown>>): FieldCandidate[] {
  const tally = new FieldTally();
  for (const rec of records) tally.seeRecord(rec);
  return tally.result();
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?\s*$/i;

/** Counts non-empty string values per field, in first-seen order, noting fields whose values are all numbers. */
export class FieldTally {
  private readonly counts = new Map<string, { count: number; numeric: boolean }>();

  /** Per list with a speaker key, the "key=value" filters offered so far (at most MAX_SPEAKERS). */
  private readonly speakers = new Map<string, Set<string>>();

  /**
   * Every string value of a JSON record, top-level and one level down as "a.b", and the string keys of a
   * list of objects (chat turns) as "a[].b", read as readField joins them; when the items say who speaks
   * (a "role" or "from" key), also each speaker's turns alone, "a[role=assistant].content". A list of
   * strings (tags, labels) is rarely the text and is not offered, though "a[]" reads it when named.
   */
  seeRecord(rec: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(rec)) {
      if (isPlainObject(v)) for (const [k2, v2] of Object.entries(v)) this.see(`${k}.${k2}`, v2);
      else if (Array.isArray(v)) this.seeList(rec, k, v);
      else this.see(k, v);
    }
  }

  private seeList(rec: Record<string, unknown>, k: string, items: unknown[]): void {
    const keys = new Set<string>();
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      for (const [k2, v2] of Object.entries(item)) if (typeof v2 === 'string') keys.add(k2);
    }
    for (const k2 of keys) this.see(`${k}[].${k2}`, readField(rec, `${k}[].${k2}`)?.value);
    for (const filter of this.speakerFilters(k, items))
      for (const k2 of keys)
        if (!filter.startsWith(`${k2}=`)) {
          const name = `${k}[${filter}].${k2}`;
          // A record without this speaker counts as a record without the field, as a missing key does.
          this.see(name, readField(rec, name)?.value ?? '');
        }
  }

  /** "role=user", "role=assistant", …: the speaker filters of list `k`, those seen before first. */
  private speakerFilters(k: string, items: unknown[]): Set<string> {
    let filters = this.speakers.get(k);
    if (!filters) this.speakers.set(k, (filters = new Set()));
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      for (const key of SPEAKER_KEYS) {
        const v = item[key];
        // A value a path cannot spell (brackets) or that is not a short name is no speaker.
        if (typeof v !== 'string' || !/^[^[\]]{1,40}$/.test(v) || filters.size >= MAX_SPEAKERS) continue;
        filters.add(`${key}=${v}`);
      }
    }
    return filters;
  }

  see(name: string, v: unknown): void {
    if (typeof v !== 'string') return;
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { count: 0, numeric: true }));
    if (!v.trim()) return;
    c.count++;
    if (c.numeric && !NUMBER.test(v)) c.numeric = false;
  }

  /** Most filled first; Array.prototype.sort is stable, so ties stay in first-seen order. */
  result(): FieldCandidate[] {
    return [...this.counts]
      .map(([name, { count, numeric }]) =>
        count > 0 && numeric ? { name, count, numeric } : { name, count },
      )
      .sort((a, b) => b.count - a.count);
  }
}

/**
 * The response when the records are chat turns ("messages[role=assistant].content") or instruction data
 * ("output" beside "instruction"), so statistics describe what the model wrote; else a conventional name
 * ("text", "content", …); each only if reasonably well filled. Otherwise the field with the most non-empty
 * text; all-numeric fields only when there is nothing else.
 */
export function chooseDefaultField(fields: readonly FieldCandidate[]): string | undefined {
  const withText = fields.filter((f) => f.count > 0);
  const words = withText.filter((f) => !f.numeric);
  const filled = words.length > 0 ? words : withText;
  if (filled.length === 0) return undefined;
  const max = Math.max(...filled.map((f) => f.count));
  // Half the best count: a "text" field present in only a few records shouldn't win over a full one.
  const enough = filled.filter((f) => f.count * 2 >= max);
  const named = (want: string) => enough.find((c) => c.name.trim().toLowerCase() === want)?.name;
  const modelTurns = enough.find((f) => isModelTurns(f.name));
  if (modelTurns) return modelTurns.name;
  const instruction = fields.some((f) => INSTRUCTION_FIELDS.includes(f.name.trim().toLowerCase()));
  for (const want of instruction ? [...RESPONSE_FIELDS, ...PREFERRED_FIELDS] : PREFERRED_FIELDS) {
    const f = named(want);
    if (f) return f;
  }
  return filled.reduce((best, f) => (f.count > best.count ? f : best)).name;
}

/** "messages[role=assistant].content", "conversations[from=gpt].value": the model's turns' text. */
function isModelTurns(name: string): boolean {
  const m = /^[^[\]]+\[([^=]+)=([^\]]+)\]\.(.+)$/.exec(name);
  return (
    m !== null &&
    SPEAKER_KEYS.includes(m[1]) &&
    MODEL_SPEAKERS.includes(m[2].toLowerCase()) &&
    TURN_TEXT_KEYS.includes(m[3])
  );
}
