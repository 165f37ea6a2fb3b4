/**
 * Plain JSON values as user files hold them: what kind a value is (for messages), a field by name (one level
 * of nesting as "a.b", a list as "a[]" or "a[].b", chosen items of a list as "a[key=value].b"), and
 * JSON.parse's errors restated the same way whatever the engine.
 */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "an array", "a number (42)", … for messages about values of the wrong kind. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return `a number (${v})`;
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** Between the texts of a list's items ("messages[].content"): one document, turns a blank line apart. */
export const LIST_TEXT_SEPARATOR = '\n\n';

/**
 * A field name as readField reads it, when it is not an own key of the record: "a.b" (key b of object a),
 * "a[]" (the items of list a), "a[].b" (key b of each item) or "a[k=v].b" (key b of each item whose key k
 * is the string v, compared exactly: "messages[role=assistant].content"). Names and values hold no "[" or
 * "]"; a filter needs the ".b" after it, as the items it picks are objects.
 */
export type FieldPath =
  | { kind: 'nested'; parent: string; key: string }
  | { kind: 'list'; list: string; key?: string; filter?: { key: string; value: string } };

const LIST_PATH = /^([^[\]]+)\[(?:([^[\]=]+)=([^[\]]+))?\](?:\.([^[\]]+))?$/;

/** How to write a list path, for messages about one that is malformed. */
export const FIELD_PATH_HINT =
  'Write a list\'s items as "a[]", "a[].b", or "a[key=value].b" for only the items whose key is value (e.g. "messages[role=assistant].content").';

/** `name` as a path, or why it is malformed; a name with neither "." nor brackets is undefined (an own key only). */
export function parseFieldPath(
  name: string,
): { ok: true; path: FieldPath | undefined } | { ok: false; detail: string } {
  if (/[[\]]/.test(name)) {
    const m = LIST_PATH.exec(name);
    if (!m) return { ok: false, detail: malformedWhy(name) };
    const [, list, fk, fv, key] = m;
    if (fk !== undefined && key === undefined)
      return {
        ok: false,
        detail: `the filter picks whole items; name the key to read after it, e.g. "${name}.content"`,
      };
    return {
      ok: true,
      path:
        fk === undefined
          ? { kind: 'list', list, key }
          : { kind: 'list', list, key, filter: { key: fk, value: fv } },
    };
  }
  const dot = name.indexOf('.');
  return {
    ok: true,
    path: dot > 0 ? { kind: 'nested', parent: name.slice(0, dot), key: name.slice(dot + 1) } : undefined,
  };
}

function malformedWhy(name: string): string {
  const open = name.split('[').length - 1;
  const close = name.split(']').length - 1;
  if (open !== close) return `its "[" and "]" do not pair up`;
  if (open > 1) return 'it has more than one "[…]" (one list level is read)';
  if (name.startsWith('[')) return 'it names no list before "["';
  const inside = /\[([^\]]*)\]/.exec(name)?.[1] ?? '';
  if (inside !== '' && !inside.includes('='))
    return `"[${inside}]" is neither "[]" nor a filter "[key=value]"`;
  if (/^=|=$/.test(inside)) return `the filter "[${inside}]" needs both a key and a value`;
  return 'only ".key" may follow "]"';
}

/**
 * The value at `name`: an own key first, then the path (FieldPath). A list path gives the items' texts in
 * list order, joined by LIST_TEXT_SEPARATOR, when every one is a string, else the list of values (which is
 * then "an array, not text"); items without the key, or not matching the filter, are passed over.
 * Undefined when nothing is there: no such key, not a list, a non-empty list with no item that has the
 * key, or no item matching the filter (missingFieldDetail says which).
 */
export function readField(rec: Record<string, unknown>, name: string): { value: unknown } | undefined {
  if (Object.hasOwn(rec, name)) return { value: rec[name] };
  const parsed = parseFieldPath(name);
  if (!parsed.ok || parsed.path === undefined) return undefined;
  const path = parsed.path;
  if (path.kind === 'list') return readList(rec[path.list], path.key, path.filter);
  const parent = rec[path.parent];
  return isPlainObject(parent) && Object.hasOwn(parent, path.key) ? { value: parent[path.key] } : undefined;
}

function readList(
  items: unknown,
  key: string | undefined,
  filter: { key: string; value: string } | undefined,
): { value: unknown } | undefined {
  if (!Array.isArray(items)) return undefined;
  const picked = filter ? items.filter((i) => isPlainObject(i) && i[filter.key] === filter.value) : items;
  if (filter && picked.length === 0) return undefined;
  const values =
    key === undefined
      ? picked
      : picked
          .filter((i) => isPlainObject(i) && Object.hasOwn(i, key))
          .map((i) => (i as Record<string, unknown>)[key]);
  if (key !== undefined && values.length === 0 && picked.length > 0) return undefined;
  return values.every((v) => typeof v === 'string')
    ? { value: values.join(LIST_TEXT_SEPARATOR) }
    : { value: values };
}

/**
 * Why readField found nothing, when the path says more than "missing": it is malformed, or its filter
 * matches no item of the list (naming the values the items have), or the matching items lack the key.
 * `reason` follows "field "…" " in a message. Undefined otherwise.
 */
export function missingFieldDetail(
  rec: Record<string, unknown>,
  name: string,
): { reason: string; hint: string } | undefined {
  if (Object.hasOwn(rec, name)) return undefined;
  const parsed = parseFieldPath(name);
  if (!parsed.ok) return { reason: `is a malformed path: ${parsed.detail}`, hint: FIELD_PATH_HINT };
  const path = parsed.path;
  if (path?.kind !== 'list' || !path.filter || path.key === undefined) return undefined;
  const items = rec[path.list];
  if (!Array.isArray(items)) return undefined;
  const { key, value } = path.filter;
  const whole = `Choose "${path.list}[].${path.key}" to read every item.`;
  if (items.some((i) => isPlainObject(i) && i[key] === value))
    return {
      reason: `matches no text: the items of "${path.list}" whose ${key} is "${value}" have no key "${path.key}"`,
      hint: `Name the key that holds their text. ${whole}`,
    };
  const seen = new Set(
    items.map((i) => (isPlainObject(i) ? i[key] : undefined)).filter((v) => typeof v === 'string'),
  );
  const values = [...seen].map((v) => `"${v}"`).join(', ');
  return {
    reason:
      items.length === 0
        ? `matches no item: "${path.list}" is an empty list`
        : `matches no item: no item of "${path.list}" has ${key} "${value}" (${values ? `its values of "${key}": ${values}` : `no item has a text "${key}"`})`,
    hint: `The value is compared exactly, case included. ${whole}`,
  };
}

/**
 * JSON.parse's error, cleaned of engine-specific position text, with the 1-based line and column
 * (in characters) when the engine gave a position. Handles V8, Firefox and Safari message styles.
 */
export function jsonErrorAt(err: unknown, text: string): { detail: string; line?: number; column?: number } {
  let msg = err instanceof Error ? err.message : String(err);
  let pos: number | undefined;
  let line: number | undefined;
  let column: number | undefined;
  const lc = /\s*\(?(?:at )?line (\d+) column (\d+)(?: of the JSON data)?\)?/.exec(msg);
  if (lc) {
    [line, column] = [Number(lc[1]), Number(lc[2])];
    msg = msg.replace(lc[0], '');
  }
  const p = / (?:in JSON )?at position (\d+)/.exec(msg);
  if (p) {
    pos = Number(p[1]);
    msg = msg.replace(p[0], '');
  }
  msg = msg
    .replace(/^JSON\.parse: /, '')
    .replace(/^JSON Parse error: /, '')
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  // Engines phrase "the input stopped early" many ways; say it one way.
  const atEnd = pos !== undefined && pos >= text.trimEnd().length;
  if (/unexpected end of (JSON input|data)/i.test(msg) || (atEnd && !/unterminated string/i.test(msg))) {
    msg = 'it ends before the JSON value is complete';
    pos ??= text.length;
  } else if (atEnd) {
    msg = 'it ends inside a string (the closing quote is missing)';
  } else if (/non-whitespace character after/i.test(msg)) {
    msg = 'there is more text after the end of the JSON value';
  } else if (/bad control character in string/i.test(msg)) {
    msg = 'a string contains a raw control character such as a tab or line break';
  }
  if (pos !== undefined && line === undefined) {
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    line = before.split('\n').length;
    column = [...before.slice(nl + 1)].length + 1;
  }
  const detail = msg.charAt(0).toLowerCase() + msg.slice(1);
  return line === undefined ? { detail } : { detail, line, column };
}
