/**
 * The counting phase of the n-gram model: a trie of n-grams read left to right, node = (parent node, word),
 * with an occurrence count per node. Backed by an open-addressing hash table on typed arrays rather than a
 * Map: a large corpus has more n-grams than a Map can hold (2^24 entries), and typed arrays stay compact.
 */
/** A compacted trie: node i is the n-gram (path of words from the root); node 0 is the root. */
export interface TrieArrays {
  word: Int32Array;
  parent: Int32Array;
  /** Occurrences of the n-gram in the training sequences. */
  count: Float64Array;
}

export class CountTrie {
  /** Node 0 is the root (the empty n-gram). */
  parent = new Int32Array(1024).fill(-1);
  word = new Int32Array(1024).fill(-1);
  depth = new Uint8Array(1024);
  count = new Float64Array(1024);
  size = 1;

  /** Hash slots hold node id + 1 (0 = empty). */
  private slots = new Int32Array(2048);

  /** The child of `parent` for `word`, created (with count 0) if absent. */
  child(parent: number, word: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash(parent, word) & mask; ; s = (s + 1) & mask) {
      const node = this.slots[s] - 1;
      if (node < 0) return this.insert(s, parent, word);
      if (this.parent[node] === parent && this.word[node] === word) return node;
    }
  }

  /** The child of `parent` for `word`, or -1. */
  find(parent: number, word: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash(parent, word) & mask; ; s = (s + 1) & mask) {
      const node = this.slots[s] - 1;
      if (node < 0 || (this.parent[node] === parent && this.word[node] === word)) return node;
    }
  }

  /** Counts one occurrence of each n-gram ids[from..from+m) for m = 1..maxLength (those that fit). */
  countFrom(ids: ArrayLike<number>, from: number, maxLength: number): void {
    let node = 0;
    const stop = Math.min(ids.length, from + maxLength);
    for (let i = from; i < stop; i++) {
      node = this.child(node, ids[i]);
      this.count[node]++;
    }
  }

  /**
   * The trie in its final layout: nodes ordered by depth, then parent, then word, so each node's children
   * are one contiguous run sorted by word (binary search, no hash table needed after fitting). Parents come
   * before their children. `vocabSize` must exceed every word id.
   */
  compact(vocabSize: number): TrieArrays {
    const n = this.size;
    const byDepth: number[][] = [];
    for (let node = 1; node < n; node++) (byDepth[this.depth[node]] ??= []).push(node);
    const newId = new Int32Array(n);
    const oldId = new Int32Array(n);
    let next = 1;
    for (let d = 1; d < byDepth.length; d++) {
      const nodes = byDepth[d] ?? [];
      // (new parent id, word) packed into one float64 key (< 2^53 for any realistic trie): a native sort.
      const keys = Float64Array.from(nodes, (old) => newId[this.parent[old]] * vocabSize + this.word[old]);
      keys.sort();
      for (const key of keys) {
        const parent = Math.floor(key / vocabSize);
        const old = this.find(oldId[parent], key - parent * vocabSize);
        newId[old] = next;
        oldId[next++] = old;
      }
    }
    const word = new Int32Array(n);
    const parent = new Int32Array(n);
    const count = new Float64Array(n);
    word[0] = parent[0] = -1;
    for (let node = 1; node < n; node++) {
      const old = oldId[node];
      word[node] = this.word[old];
      parent[node] = newId[this.parent[old]];
      count[node] = this.count[old];
    }
    return { word, parent, count };
  }

  private insert(slot: number, parent: number, word: number): number {
    const node = this.size++;
    if (node === this.parent.length) this.growNodes();
    this.parent[node] = parent;
    this.word[node] = word;
    this.depth[node] = this.depth[parent] + 1;
    this.slots[slot] = node + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return node;
  }

  private growNodes(): void {
    const n = this.parent.length * 2;
    this.parent = grow(this.parent, n);
    this.word = grow(this.word, n);
    this.depth = grow(this.depth, n);
    this.count = grow(this.count, n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let node = 1; node < this.size; node++) {
      let s = hash(this.parent[node], this.word[node]) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = node + 1;
    }
    this.slots = slots;
  }
}

function hash(parent: number, word: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
