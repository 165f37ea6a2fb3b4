/**
 * A statistics partial: the block accumulators of some of a corpus's blocks, as a JSON file. Merging
 * partials is exact because nothing is pre-merged: a partial keeps each block's accumulator as runBlock
 * made it, and the report is folded from all blocks in block order, the very merges one worker makes
 * (blocks.ts says why that order matters). Written by `semisynth stats`, merged by `semisynth merge`.
 * Typed arrays are stored as base64 of their bytes (little-endian, as every platform Semisynth runs on
 * stores them), non-finite numbers and undefined by name, so decoding gives back every value exactly.
 */
import type { CorpusReportOptions } from '../report/corpus-report-types';
import type { PackedReportAcc } from './block-reduce';

export interface StatsPartial {
  format: 'semisynth.stats-partial';
  version: 1;
  semisynth: string;
  /** The report's options: two partials merge only when these are equal. */
  options: CorpusReportOptions;
  /** How many blocks the corpus has, and the accumulators held here by block index. */
  blocks: number;
  accs: { index: number; acc: PackedReportAcc }[];
}

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function unbase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A value as plain JSON data (see the header for what is tagged). */
export function encodeValue(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Object.is(value, -0) ? { $number: '-0' } : value;
    return { $number: String(value) };
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedName;
    if (!Object.hasOwn(TYPED, name)) throw new TypeError(`cannot store a ${name}`);
    return { $typed: name, base64: base64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (Array.isArray(value)) return value.map(encodeValue);
  if (Object.getPrototypeOf(value) !== Object.prototype)
    throw new TypeError(`cannot store a ${(value as object).constructor.name}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.startsWith('$') ? `$${k}` : k] = encodeValue(v);
  return out;
}

export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const o = value as Record<string, unknown>;
  if (o.$undefined === true) return undefined;
  if (typeof o.$number === 'string') return Number(o.$number);
  if (typeof o.$typed === 'string' && typeof o.base64 === 'string') {
    if (!Object.hasOwn(TYPED, o.$typed)) throw new TypeError(`unknown typed array ${o.$typed}`);
    const Ctor = TYPED[o.$typed as TypedName];
    const bytes = unbase64(o.base64);
    return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.startsWith('$$') ? k.slice(1) : k] = decodeValue(v);
  return out;
}

export function encodePartial(p: StatsPartial): string {
  return JSON.stringify(encodeValue(p)) + '\n';
}

/** A partial read back, or what is wrong with the file. */
export function decodePartial(
  text: string,
  source: string,
): { ok: true; partial: StatsPartial } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = decodeValue(JSON.parse(text));
  } catch (error) {
    return { ok: false, problem: `${source} is not a statistics partial: ${(error as Error).message}` };
  }
  const p = value as Partial<StatsPartial> | null;
  if (p?.format !== 'semisynth.stats-partial')
    return {
      ok: false,
      problem: `${source} is not a statistics partial (its "format" is not "semisynth.stats-partial")`,
    };
  if (p.version !== 1)
    return { ok: false, problem: `${source}: partial version ${String(p.version)} is not supported` };
  if (!Number.isSafeInteger(p.blocks) || !Array.isArray(p.accs))
    return { ok: false, problem: `${source}: "blocks" and "accs" are missing or malformed` };
  return { ok: true, partial: p as StatsPartial };
}

/**
 * A partial to fold into a report (the Statistics page opening one, `semisynth compare`): every block of
 * its corpus must be there. Otherwise what is wrong, and what to do about it.
 */
export function decodeCompletePartial(
  text: string,
  source: string,
): { ok: true; partial: StatsPartial } | { ok: false; problem: string; hint: string } {
  const decoded = decodePartial(text, source);
  if (!decoded.ok) {
    const format = (/"format"\s*:\s*"([^"]*)"/.exec(text.slice(0, 200)) ?? [])[1];
    const hint =
      format === 'semisynth.statistics'
        ? "This is the Statistics page's JSON export, which cannot be read back: open the corpus itself, or a partial made with `semisynth stats --input FILE --output PARTIAL.json`."
        : 'Make a partial with `semisynth stats --input FILE --output PARTIAL.json`.';
    return { ...decoded, hint };
  }
  const { partial } = decoded;
  if (partial.accs.length !== partial.blocks)
    return {
      ok: false,
      problem: `${source} holds ${partial.accs.length} of ${partial.blocks} blocks: it is one shard's partial`,
      hint: 'Merge every shard first: semisynth merge --output ALL.json OUT.parts',
    };
  return decoded;
}

/**
 * Merges partials of one corpus (equal options and block count, no block twice) into one, blocks in order.
 * Returns what is wrong instead when they do not belong together.
 */
export function mergePartials(
  parts: readonly { source: string; partial: StatsPartial }[],
): StatsPartial | string {
  const first = parts[0].partial;
  const options = JSON.stringify(encodeValue(first.options));
  const seen = new Map<number, string>();
  const accs: StatsPartial['accs'] = [];
  for (const { source, partial } of parts) {
    if (partial.blocks !== first.blocks || JSON.stringify(encodeValue(partial.options)) !== options)
      return `${source} is a partial of another corpus or other settings than ${parts[0].source}`;
    for (const a of partial.accs) {
      const other = seen.get(a.index);
      if (other !== undefined) return `block ${a.index} is in both ${other} and ${source}`;
      seen.set(a.index, source);
      accs.push(a);
    }
  }
  accs.sort((a, b) => a.index - b.index);
  return { ...first, accs };
}
