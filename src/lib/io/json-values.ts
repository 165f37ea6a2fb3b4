/**
 * Plain JSON values as user files hold them: what kind a value is (for messages), a field by name (one level
 * of nesting as "a.b", a list as "a[]" or "a[].b"), and JSON.parse's errors restated the same way whatever
 * the engine.
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
 * The value at `name`: an own key first, then "a.b" as key b of object a, then "a[]" / "a[].b" as the items
 * of list a (or their key b): their texts joined by LIST_TEXT_SEPARATOR when every one is a string, else
 * the list of values (which is then "an array, not text").
 */
export function readField(rec: Record<string, unknown>, name: string): { value: unknown } | undefined {
  if (Object.hasOwn(rec, name)) return { value: rec[name] };
  const list = /^(.+?)\[\](?:\.(.+))?$/.exec(name);
  if (list) return readList(rec[list[1]], list[2]);
  const dot = name.indexOf('.');
  if (dot > 0) {
    const parent = rec[name.slice(0, dot)];
    const key = name.slice(dot + 1);
    if (isPlainObject(parent) && Object.hasOwn(parent, key)) return { value: parent[key] };
  }
  return undefined;
}

function readList(items: unknown, key: string | undefined): { value: unknown } | undefined {
  if (!Array.isArray(items)) return undefined;
  const values =
    key === undefined
      ? items
      : items
          .filter((i) => isPlainObject(i) && Object.hasOwn(i, key))
          .map((i) => (i as Record<string, unknown>)[key]);
  if (key !== undefined && values.length === 0 && items.length > 0) return undefined;
  return values.every((v) => typeof v === 'string')
    ? { value: values.join(LIST_TEXT_SEPARATOR) }
    : { value: values };
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
