/**
 * The Text page's inputs: files the user added (read one at a time by the input worker, documents arriving
 * in batches) and pasted texts. Each source keeps its own documents and problems; the page's document list
 * is their concatenation, numbered in order. Nothing here parses a file: the main thread only files away
 * what the worker hands over, a batch per short task.
 */
import type { Document, Problem } from '../lib/io/problem';
import { corpusKindOf, fromPastedText, type CorpusKind } from '../lib/io/corpus-file';
import type { FieldCandidate } from '../lib/io/fields';
import { readField } from '../lib/io/json-values';
import type { CorpusRead } from '../lib/io/read-corpus';
import type { InputBatch } from '../lib/io/read-input';
import { naturalSort } from '../lib/io/natural-order';
import { isHiddenPath } from '../lib/io/open-inputs';
import { MAX_LISTED_PROBLEMS } from '../lib/io/corpus-file';
import { recogniseDocument, type InstructionParts } from '../lib/sft/instruction-documents';
import { plainLayout } from '../lib/sft/sft-layout';
import { InputClient } from './input-client';

export interface SessionDocument extends Document {
  /** The CorpusSource (file or pasted text) it came from. */
  sourceId: number;
  /** Stable across re-ordering: source, field and line, so scores survive a field switch and back. */
  key: string;
  /** Read as instruction data: the text is the conversation laid out, and only the responses are edited. */
  instruction?: InstructionParts;
}

/** A file (or a pasted text) the user added, with the field chosen for JSONL/CSV. */
export interface CorpusSource {
  readonly id: number;
  /** The file name, or "pasted text" / the sample's name. */
  readonly name: string;
  /** Guessed from the name, then what the read found (a .zip or .gz says only once opened). */
  kind: CorpusKind;
  /** The file, kept to read it again with another field; null for pasted text. */
  readonly file: Blob | null;
  fields: FieldCandidate[];
  field: string | undefined;
  /**
   * JSON Lines read as instruction data (src/lib/sft): every record of an instruction shape is one document,
   * its conversation in the plain template, its responses the only editable bytes; the others are listed.
   */
  instructions: boolean;
  /** While the worker reads it: bytes so far of the file's size. */
  reading: { bytes: number; total: number } | null;
  documents: SessionDocument[];
  problems: Problem[];
}

/** What reads the files (the input worker's client; tests pass a fake). */
export type InputReader = Pick<InputClient, 'read' | 'dispose'>;

/** Documents reach the page's reactive state at most this often while a file is read. */
const PUBLISH_MS = 200;

export class CorpusSources {
  sources = $state.raw<CorpusSource[]>([]);
  // One source (the usual case, and a large file's): its own array, not a copy of it per update.
  readonly documents = $derived(
    this.sources.length === 1 ? this.sources[0].documents : this.sources.flatMap((s) => s.documents),
  );
  readonly problems = $derived(this.sources.flatMap((s) => s.problems));
  private nextId = 1;
  private queue: Promise<void> = Promise.resolve();
  /** The read in flight or queued per source, to cancel it. Bookkeeping, never shown: not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly controllers = new Map<number, AbortController>();

  constructor(
    private readonly client: InputReader = new InputClient(),
    /** Told the key of the first document of each newly added source (the page shows it). */
    private readonly onAdded: (key: string) => void = () => {},
  ) {}

  /** Pasted text is one document; returns its problems (none when it was added). */
  addText(text: string, name: string): Problem[] {
    const { problems } = fromPastedText(text);
    if (problems.length > 0) return problems;
    const id = this.nextId++;
    const doc = this.document(id, undefined, this.total(), name, text);
    this.sources = [
      ...this.sources,
      {
        id,
        name,
        kind: 'txt',
        file: null,
        fields: [],
        field: undefined,
        instructions: false,
        reading: null,
        documents: [doc],
        problems: [],
      },
    ];
    this.onAdded(doc.key);
    return [];
  }

  /**
   * Adds files in natural order of their paths (a folder's shards as one corpus, in the same order however
   * they were picked); each is read in the worker after the ones before it. Resolves when all are read.
   */
  addFiles(files: Iterable<File>): Promise<void> {
    const reads: Promise<void>[] = [];
    for (const file of naturalSort(files, pathOf)) {
      // A folder's hidden files (.gitattributes, .DS_Store) are no part of the corpus.
      if (file.webkitRelativePath && isHiddenPath(file.webkitRelativePath)) continue;
      const id = this.nextId++;
      const source: CorpusSource = {
        id,
        name: pathOf(file),
        kind: corpusKindOf(file.name) ?? 'txt',
        file,
        fields: [],
        field: undefined,
        instructions: false,
        reading: { bytes: 0, total: file.size },
        documents: [],
        problems: [],
      };
      this.sources = [...this.sources, source];
      reads.push(this.enqueue(id, undefined, true));
    }
    return Promise.all(reads).then(() => {});
  }

  /** Reads the source again with another field (documents are keyed by field, so scores come back with it). */
  setField(id: number, field: string): Promise<void> {
    const source = this.find(id);
    if (!source?.file || source.field === field) return Promise.resolve();
    this.controllers.get(id)?.abort();
    this.update(id, { field, reading: { bytes: 0, total: source.file.size } });
    return this.enqueue(id, field, false);
  }

  /** Reads the source again as instruction data, or back as one field's text (keys differ: scores come back). */
  setInstructions(id: number, on: boolean): Promise<void> {
    const source = this.find(id);
    if (!source?.file || source.instructions === on) return Promise.resolve();
    this.controllers.get(id)?.abort();
    this.update(id, { instructions: on, reading: { bytes: 0, total: source.file.size } });
    return this.enqueue(id, source.field, false);
  }

  remove(id: number): void {
    this.controllers.get(id)?.abort();
    const at = this.sources.findIndex((s) => s.id === id);
    if (at < 0) return;
    this.sources = this.renumbered(
      this.sources.filter((s) => s.id !== id),
      at,
    );
  }

  /**
   * Reads files into plain texts without adding them (the n-gram prior's reference corpus), through the same
   * worker and queue.
   */
  async readTexts(files: Iterable<File>): Promise<{ texts: string[]; problems: Problem[] }> {
    const texts: string[] = [];
    const problems: Problem[] = [];
    for (const file of files) {
      const read = async () => {
        try {
          const result = await this.client.read(file, file.name, {}, (batch) => {
            if (batch.kind === 'text') texts.push(batch.text);
            else if (batch.kind === 'records')
              for (const r of batch.records) texts.push(readField(r.record, batch.field)?.value as string);
          });
          problems.push(...result.problems);
        } catch (error) {
          problems.push(readFailure(file.name, error));
        }
      };
      const done = this.queue.then(read, read);
      this.queue = done.catch(() => {});
      await done;
    }
    return { texts, problems };
  }

  dispose(): void {
    for (const c of this.controllers.values()) c.abort();
    this.client.dispose();
  }

  private find(id: number): CorpusSource | undefined {
    return this.sources.find((s) => s.id === id);
  }

  private update(id: number, changes: Partial<CorpusSource>): void {
    this.sources = this.sources.map((s) => (s.id === id ? { ...s, ...changes } : s));
  }

  private total(): number {
    return this.sources.reduce((n, s) => n + s.documents.length, 0);
  }

  /** A session document; positional arguments, as this runs once per record of a large file. */
  private document(
    sourceId: number,
    field: string | undefined,
    index: number,
    source: string,
    text: string,
    line?: number,
    record?: Record<string, unknown>,
    entry = 0,
  ): SessionDocument {
    // A file's entries (a .zip's files) each count lines from 1: the entry tells them apart.
    const key = `${sourceId}/${field ?? ''}/${entry > 0 ? `${entry}:` : ''}${line ?? 0}`;
    const origin = line === undefined ? { source } : { source, line };
    return record ? { index, text, origin, sourceId, key, record } : { index, text, origin, sourceId, key };
  }

  /**
   * A record as an instruction document (the plain template: the page has no chat template yet), or the
   * problem that leaves it out. Its key names no field: the layout reads several.
   */
  private instructionDocument(
    sourceId: number,
    index: number,
    source: string,
    line: number,
    record: Record<string, unknown>,
    entry: number,
  ): SessionDocument | { problem: Problem } {
    const doc = this.document(sourceId, '#instructions', index, source, '', line, record, entry);
    const recognised = recogniseDocument(doc, { shape: 'auto', edited: 'all' });
    if (!recognised.ok) return { problem: recognised.problem };
    const layout = plainLayout(recognised.conversation, 'all');
    return { ...doc, text: layout.text, instruction: { conversation: recognised.conversation, layout } };
  }

  /** `sources` with the documents of those from `from` on numbered after the ones before them. */
  private renumbered(sources: CorpusSource[], from: number): CorpusSource[] {
    let index = sources.slice(0, from).reduce((n, s) => n + s.documents.length, 0);
    return sources.map((s, i) => {
      if (i < from) return s;
      const start = index;
      index += s.documents.length;
      // A source's documents are always numbered consecutively: the first tells whether all are right.
      if (s.documents.length === 0 || s.documents[0].index === start) return s;
      return { ...s, documents: s.documents.map((d, j) => ({ ...d, index: start + j })) };
    });
  }

  private enqueue(id: number, field: string | undefined, fresh: boolean): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const run = () => this.read(id, field, fresh, controller.signal);
    const done = this.queue.then(run, run);
    this.queue = done.catch(() => {});
    return done;
  }

  /**
   * Reads one source in the worker. A first read shows documents as they arrive; a re-read (another field)
   * keeps the old documents until the new ones are complete, so the list never mixes two fields. Documents
   * are built as each batch arrives (a short task each) and published at most every PUBLISH_MS.
   */
  private async read(
    id: number,
    field: string | undefined,
    fresh: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const source = this.find(id);
    if (!source?.file || signal.aborted) return;
    const file = source.file;
    const instructions = source.instructions;
    /** Records that are not instruction records, as the file's own problems are listed (the first so many). */
    const skipped: Problem[] = [];
    let notListed = 0;
    /** Built, not yet in `sources`; numbered on from `next`. */
    let pending: SessionDocument[] = [];
    let next = fresh ? this.startOf(id) + source.documents.length : this.startOf(id);
    let chosen = field;
    let bytes = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      if (signal.aborted || !this.find(id)) return;
      const reading = { bytes, total: file.size };
      if (!fresh) return this.update(id, { reading });
      const first = this.find(id)!.documents.length === 0 && pending.length > 0;
      this.commit(id, pending, { reading, field: chosen });
      pending = [];
      if (first) this.onAdded(this.find(id)!.documents[0].key);
    };
    const onBatch = (batch: InputBatch) => {
      if (signal.aborted) return; // already on its way when the read was cancelled
      bytes = batch.bytesRead;
      if (batch.kind === 'opening') {
        timer ??= setTimeout(publish, PUBLISH_MS);
        return;
      }
      const from = batch.source ?? source.name;
      const entry = batch.entry ?? 0;
      if (batch.kind === 'text')
        pending.push(this.document(id, undefined, next++, from, batch.text, undefined, undefined, entry));
      else {
        chosen = batch.field;
        for (const r of batch.records) {
          if (instructions) {
            const built = this.instructionDocument(id, next, from, r.line, r.record, entry);
            if ('problem' in built) {
              if (skipped.length < MAX_LISTED_PROBLEMS) skipped.push(built.problem);
              else notListed++;
            } else {
              pending.push(built);
              next++;
            }
            continue;
          }
          // The worker sends each record once; its text is the chosen field's (checked there).
          const text = readField(r.record, chosen)?.value as string;
          pending.push(this.document(id, chosen, next++, from, text, r.line, r.record, entry));
        }
      }
      timer ??= setTimeout(publish, PUBLISH_MS);
    };

    let result: CorpusRead | null = null;
    let failure: unknown;
    try {
      const options = instructions ? { field, everyRecord: true } : { field };
      result = await this.client.read(file, source.name, options, onBatch, signal);
    } catch (error) {
      failure = error;
    } finally {
      if (timer) clearTimeout(timer);
      if (this.controllers.get(id)?.signal === signal) this.controllers.delete(id);
    }
    if (signal.aborted || !this.find(id)) return;
    if (!result) {
      this.update(id, { reading: null, problems: [readFailure(source.name, failure)] });
      return;
    }
    if (notListed > 0)
      skipped.push({
        severity: 'error',
        source: source.name,
        message: `… and ${notListed.toLocaleString('en-US')} more records that are not instruction records`,
      });
    const done = {
      reading: null,
      kind: result.kind,
      fields: result.fields,
      field: result.field,
      problems: [...result.problems, ...skipped],
    };
    const first = this.find(id)!.documents.length === 0 && pending.length > 0;
    // Another field: the new documents replace the old at once.
    if (!fresh) this.update(id, { documents: [] });
    this.commit(id, pending, done);
    if (fresh && first) this.onAdded(this.find(id)!.documents[0].key);
  }

  /** Index of the source's first document: the documents of the sources before it. */
  private startOf(id: number): number {
    let n = 0;
    for (const s of this.sources) {
      if (s.id === id) return n;
      n += s.documents.length;
    }
    return n;
  }

  /**
   * Appends `built` to the source's documents (renumbered if sources before it changed meanwhile), applies
   * `changes`, and renumbers the sources after it.
   */
  private commit(id: number, built: SessionDocument[], changes: Partial<CorpusSource>): void {
    const at = this.sources.findIndex((s) => s.id === id);
    if (at < 0) return;
    const current = this.sources[at];
    const start = this.startOf(id) + current.documents.length;
    const numbered =
      built.length === 0 || built[0].index === start
        ? built
        : built.map((d, j) => ({ ...d, index: start + j }));
    const updated = { ...current, ...changes, documents: current.documents.concat(numbered) };
    this.sources = this.renumbered(
      this.sources.map((s) => (s.id === id ? updated : s)),
      at + 1,
    );
  }
}

/** A folder's file by its path in the folder, any other by its name. */
function pathOf(file: File): string {
  return file.webkitRelativePath || file.name;
}

/** The worker failed (or died) while reading `name`: what it said, and what to try. */
function readFailure(name: string, error: unknown): Problem {
  return {
    severity: 'error',
    source: name,
    message: `${name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'Try adding it again; if it fails again, the file may be too large for this browser tab.',
  };
}
