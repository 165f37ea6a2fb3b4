/**
 * Example documents per hashed feature, for clicking from a JSD contribution through to documents: per
 * bucket, the `perFeature` documents with the smallest seeded priority (ties: lower document index) among
 * those containing the feature. "Smallest k" merges exactly and in any grouping, and a seeded priority
 * (rather than "the first k") spreads the examples over the whole corpus.
 */
export interface ExamplesAcc {
  buckets: number;
  perFeature: number;
  /** Per slot (bucket × perFeature, each bucket's slots sorted): Infinity / −1 where empty. */
  priority: Float64Array;
  docIndex: Float64Array;
  byteOffset: Float64Array;
  line: Float64Array;
}

export function emptyExamples(buckets: number, perFeature: number): ExamplesAcc {
  const n = buckets * perFeature;
  return {
    buckets,
    perFeature,
    priority: new Float64Array(n).fill(Infinity),
    docIndex: new Float64Array(n).fill(-1),
    byteOffset: new Float64Array(n).fill(-1),
    line: new Float64Array(n).fill(-1),
  };
}

function before(p: number, d: number, q: number, e: number): boolean {
  return p < q || (p === q && d < e);
}

/** Offers a document as an example of `bucket`; keeps it when it ranks among the bucket's best. */
export function offerExample(
  acc: ExamplesAcc,
  bucket: number,
  priority: number,
  docIndex: number,
  byteOffset: number,
  line: number,
): void {
  const k = acc.perFeature;
  const base = bucket * k;
  const last = base + k - 1;
  if (!before(priority, docIndex, acc.priority[last], acc.docIndex[last])) return;
  let at = last;
  for (let j = base; j <= last; j++) {
    if (acc.docIndex[j] === docIndex) return; // this document already holds a slot here
    if (at === last && before(priority, docIndex, acc.priority[j], acc.docIndex[j])) at = j;
  }
  for (let j = last; j > at; j--) {
    acc.priority[j] = acc.priority[j - 1];
    acc.docIndex[j] = acc.docIndex[j - 1];
    acc.byteOffset[j] = acc.byteOffset[j - 1];
    acc.line[j] = acc.line[j - 1];
  }
  acc.priority[at] = priority;
  acc.docIndex[at] = docIndex;
  acc.byteOffset[at] = byteOffset;
  acc.line[at] = line;
}

/** b's documents follow a's: b's indices move up by `documentShift`, its lines by `lineShift`. */
export function mergeExamples(
  a: ExamplesAcc,
  b: ExamplesAcc,
  documentShift: number,
  lineShift: number,
): ExamplesAcc {
  if (a.buckets !== b.buckets || a.perFeature !== b.perFeature) {
    throw new RangeError('cannot merge examples kept for different buckets');
  }
  const out = emptyExamples(a.buckets, a.perFeature);
  const k = a.perFeature;
  for (let base = 0; base < out.priority.length; base += k) {
    let i = base;
    let j = base;
    for (let o = base; o < base + k; o++) {
      const bDoc = b.docIndex[j] < 0 ? -1 : b.docIndex[j] + documentShift;
      const takeA =
        i < base + k &&
        a.docIndex[i] >= 0 &&
        (j >= base + k || b.docIndex[j] < 0 || before(a.priority[i], a.docIndex[i], b.priority[j], bDoc));
      if (takeA) {
        out.priority[o] = a.priority[i];
        out.docIndex[o] = a.docIndex[i];
        out.byteOffset[o] = a.byteOffset[i];
        out.line[o] = a.line[i];
        i++;
      } else if (j < base + k && b.docIndex[j] >= 0) {
        out.priority[o] = b.priority[j];
        out.docIndex[o] = bDoc;
        out.byteOffset[o] = b.byteOffset[j];
        out.line[o] = b.line[j] < 0 ? -1 : b.line[j] + lineShift;
        j++;
      } else break;
    }
  }
  return out;
}
