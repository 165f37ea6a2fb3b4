/** Streams and files for the stream tests. */
import { readLines, type LineReadOptions } from '../../../src/lib/io/lines';

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** A Blob of a string or bytes. */
export const blob = (x: string | Uint8Array | number[]) =>
  new Blob([(typeof x === 'string' ? utf8(x) : new Uint8Array(x)) as Uint8Array<ArrayBuffer>]);

/** A byte stream that hands out `bytes` in chunks of `size` (1 = the nastiest splits). */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** Each line as [text, offset], or [null, offset, length] for a line over the cap. */
export async function allLines(
  stream: ReadableStream<Uint8Array>,
  options?: LineReadOptions,
): Promise<([string, number] | [null, number, number])[]> {
  const out: ([string, number] | [null, number, number])[] = [];
  await readLines(
    stream,
    0,
    (bytes, offset, info) =>
      void out.push(bytes === null ? [null, offset, info.length] : [new TextDecoder().decode(bytes), offset]),
    options,
  );
  return out;
}
