/** Streams and files for the stream tests. */
import { readLines } from '../../../src/lib/stream/lines';

export const utf8 = (s: string) => new TextEncoder().encode(s);

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

export async function allLines(stream: ReadableStream<Uint8Array>): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await readLines(stream, 0, (bytes, offset) => void out.push([new TextDecoder().decode(bytes), offset]));
  return out;
}
