/**
 * A copy of a value whose typed arrays over SharedArrayBuffers are moved onto plain buffers: IndexedDB's
 * structured clone refuses shared memory (the Statistics page's reports hold their exact n-gram runs in
 * it), and everything else is kept as it is (the same objects where nothing below them was shared).
 */
export function unshared<T>(value: T): T {
  return copy(value) as T;
}

const isShared = (b: ArrayBufferLike) =>
  typeof SharedArrayBuffer === 'function' && b instanceof SharedArrayBuffer;

function copy(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    if (!isShared(value.buffer)) return value;
    const ctor = value.constructor as new (source: ArrayLike<number> | ArrayLike<bigint>) => ArrayBufferView;
    return value instanceof DataView
      ? new DataView(new Uint8Array(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).buffer)
      : new ctor(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) {
    const items = value.map(copy);
    return items.some((x, i) => x !== value[i]) ? items : value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = copy(v);
      if (out[key] !== v) changed = true;
    }
    return changed ? out : value;
  }
  return value;
}
