/**
 * The text of a record's chosen field (a JSONL key or a CSV column), or why the record has none: missing,
 * not a string, or blank. Worded once for both pages.
 */
import type { RecordProblem } from './problem';
import { QUOTING_HINT } from './csv-rows';
import type { FieldCandidate } from './fields';
import { describeValue, missingFieldDetail, readField } from './json-values';

/** What the problem needs besides where it is. */
export type FieldProblem = Omit<RecordProblem, 'source' | 'line' | 'byteOffset' | 'column'>;

export type RecordText = { ok: true; text: string } | { ok: false; problem: FieldProblem };

/** "a, b, …, (3 more)": names in a message. */
export function listNames(names: readonly string[], max = 8): string {
  return names.length > max
    ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`
    : names.join(', ');
}

/**
 * `record` is a JSON object (`columns` undefined) or a CSV row (`columns`: the header, so a short row can
 * say how many values it has). `fields` lets a non-text value point at a nested field that holds text.
 */
export function recordText(
  record: Record<string, unknown>,
  field: string,
  context: { columns?: readonly string[]; fields?: readonly FieldCandidate[] } = {},
): RecordText {
  const csv = context.columns !== undefined;
  const noun = csv ? 'column' : 'field';
  const found = readField(record, field);
  if (!found) {
    const why = csv ? undefined : missingFieldDetail(record, field);
    if (why)
      return {
        ok: false,
        problem: {
          severity: 'error',
          field,
          detail: `${noun} "${field}" ${why.reason}; skipped`,
          hint: why.hint,
        },
      };
    const keys = Object.keys(record);
    const has = csv
      ? `this row has only ${keys.length} of ${context.columns!.length} values`
      : keys.length
        ? `this record has: ${listNames(keys)}`
        : 'this record is empty ({})';
    const problem: FieldProblem = {
      severity: 'error',
      field,
      detail: `${noun} "${field}" is missing — ${has}; skipped`,
    };
    if (csv) problem.hint = `Check this line for a missing delimiter. ${QUOTING_HINT}`;
    return { ok: false, problem };
  }
  if (typeof found.value !== 'string') {
    const nested = context.fields?.find((f) => f.name.startsWith(`${field}.`) && f.count > 0);
    return {
      ok: false,
      problem: {
        severity: 'error',
        field,
        detail: `${noun} "${field}" is ${describeValue(found.value)}, not text; skipped`,
        hint: nested
          ? `The text may be in "${nested.name}"; choose that field instead.`
          : 'Choose another field, or store the text as a string.',
      },
    };
  }
  if (!found.value.trim()) {
    const what = found.value ? 'contains only whitespace' : 'is empty';
    return {
      ok: false,
      problem: { severity: 'warning', field, detail: `${noun} "${field}" ${what}; skipped` },
    };
  }
  return { ok: true, text: found.value };
}
