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
import { layoutProblem, recogniseDocument, type InstructionParts } from '../lib/sft/instruction-documents';
import { chatLayouts, type RenderChats } from '../lib/sft/chat-layouts';
import { plainLayout, type SftTemplate } from '../lib/sft/sft-layout';
import { sizeVerdict } from '../lib/scoring/page-budget';
import { utf8Length } from '../lib/scoring/tokens/utf8-length';
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
   * its conversation in the loaded model's chat template (else the plain one), its responses the only
   * editable bytes; the others are listed.
   */
  instructions: boolean;
  /** The template its instruction documents were laid out with (instruction data only, once read). */
  template?: SftTemplate;
  /**
   * Records the chat template refused: left out, their document numbers kept (the edit seed uses them, as
   * the command line's do), so the source holds this many numbers more than documents.
   */
  refused?: number;
  /** While the worker reads it: bytes so far of the file's size. */
  reading: { bytes: number; total: number } | null;
  /**
   * Read, but not part of the corpus yet: its selection may be too big for the page (addFiles with a
   * budget), so its documents join the corpus only once the whole selection is read within it.
   */
  held?: boolean;
  documents: SessionDocument[];
  problems: Problem[];
}

/** What reads the files (the input worker's client; tests pass a fake). */
export type InputReader = Pick<InputClient, 'read' | 'dispose'>;

/** Documents reach the page's reactive state at most this often while a file is read. */
const PUBLISH_MS = 200;

/** Conversations per chat-template call: each is one turn of the prior worker, kept short. */
const CHAT_BATCH = 256;

/** The key's field of instruction documents per template: a plain layout's scores never show on a chat one. */
const LAYOUT_FIELD: Record<SftTemplate, string> = { plain: '#instructions', chat: '#instructions:chat' };

/** The document numbers a source holds: its documents and the records the chat template refused. */
const span = (s: CorpusSource) => s.documents.length + (s.refused ?? 0);

/** What addFiles did: added the files, or not, because their text passes the budget it was given. */
export type AddedFiles =
  | { added: true }
  | {
      added: false;
      /** 'size': the files' sizes passed it, nothing was read; 'read': reading stopped once the text did. */
      how: 'size' | 'read';
      /** The text bytes that passed the budget (file sizes, or documents' UTF-8 read so far). */
      textBytes: number;
      /** The selection as it would have been added: in natural order, hidden files left out. */
      files: File[];
    };

/** A held selection's reads: the text its documents hold so far against the budget. */
interface TextMeter {
  readonly budget: number;
  readonly ids: number[];
  bytes: number;
  over: boolean;
}

export class CorpusSources {
  sources = $state.raw<CorpusSource[]>([]);
  // One source (the usual case, and a large file's): its own array, not a copy of it per update. Held
  // sources are not part of the corpus yet.
  readonly documents = $derived.by(() => {
    const shown = this.sources.some((s) => s.held) ? this.sources.filter((s) => !s.held) : this.sources;
    return shown.length === 1 ? shown[0].documents : shown.flatMap((s) => s.documents);
  });
  readonly problems = $derived(this.sources.flatMap((s) => s.problems));
  private nextId = 1;
  private queue: Promise<void> = Promise.resolve();
  /** The loaded model's chat template, or null (none loaded, or it has none): the plain template. */
  private chat: RenderChats | null = null;
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
   *
   * `textBudget`: the text bytes the selection may add. Files whose sizes alone pass it are not added; a
   * selection whose text only reading tells (compressed, Parquet, zip) is read held (its documents out of
   * the corpus), its reads stopped and its sources removed once its documents' text passes the budget, and
   * joins the corpus whole once read within it. Either way nothing of a selection over budget stays.
   */
  addFiles(files: Iterable<File>, textBudget = Infinity): Promise<AddedFiles> {
    // A folder's hidden files (.gitattributes, .DS_Store) are no part of the corpus.
    const picked = naturalSort(files, pathOf).filter(
      (f) => !(f.webkitRelativePath && isHiddenPath(f.webkitRelativePath)),
    );
    const sized = sizeVerdict(
      picked.map((f) => ({ name: pathOf(f), size: f.size })),
      textBudget,
    );
    if (sized.verdict === 'over')
      return Promise.resolve({ added: false, how: 'size', textBytes: sized.textBytes, files: picked });
    const meter: TextMeter | null =
      sized.verdict === 'measure' && Number.isFinite(textBudget)
        ? { budget: textBudget, ids: [], bytes: 0, over: false }
        : null;
    const reads: Promise<void>[] = [];
    for (const file of picked) {
      const id = this.nextId++;
      meter?.ids.push(id);
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
        ...(meter ? { held: true } : {}),
      };
      this.sources = [...this.sources, source];
      reads.push(this.enqueue(id, undefined, true, meter));
    }
    return Promise.all(reads).then(() => (meter ? this.settle(meter, picked) : { added: true }));
  }

  /** A held selection read: removed when its text passed the budget, else made part of the corpus. */
  private settle(meter: TextMeter, picked: File[]): AddedFiles {
    if (meter.over) {
      for (const id of meter.ids) this.remove(id);
      return { added: false, how: 'read', textBytes: meter.bytes, files: picked };
    }
    const ids = meter.ids; // one per file picked
    this.sources = this.sources.map((s) => (ids.includes(s.id) ? { ...s, held: false } : s));
    const first = this.sources.find((s) => ids.includes(s.id) && s.documents.length > 0);
    if (first) this.onAdded(first.documents[0].key);
    return { added: true };
  }

  /** Counts a held read's new documents; past the budget, stops every read of its selection. */
  private measure(meter: TextMeter, documents: readonly SessionDocument[]): void {
    for (const d of documents) meter.bytes += utf8Length(d.text);
    if (meter.over || meter.bytes <= meter.budget) return;
    meter.over = true;
    for (const id of meter.ids) this.controllers.get(id)?.abort();
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

  /**
   * The loaded model's chat template (null: the plain template). Every source read as instruction data is
   * read and laid out again with it (its old documents stay until the new ones are complete); files read
   * later are laid out with it too. Resolves once they are, telling whether any source was.
   */
  setChatTemplate(render: RenderChats | null): Promise<boolean> {
    if (render === null && this.chat === null) return Promise.resolve(false);
    this.chat = render;
    const again = this.sources.filter((s) => s.file && s.instructions);
    return Promise.all(
      again.map((s) => {
        this.controllers.get(s.id)?.abort();
        this.update(s.id, { reading: { bytes: 0, total: s.file!.size } });
        return this.enqueue(s.id, s.field, false);
      }),
    ).then(() => again.length > 0);
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
    return this.sources.reduce((n, s) => n + span(s), 0);
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
   * A record as an instruction document in the plain template (a chat template lays it out again once the
   * file is read: layOutWithChat), or the problem that leaves it out. Its key names the template, not a
   * field: the layout reads several.
   */
  private instructionDocument(
    sourceId: number,
    index: number,
    source: string,
    line: number,
    record: Record<string, unknown>,
    entry: number,
    template: SftTemplate,
  ): SessionDocument | { problem: Problem } {
    const field = LAYOUT_FIELD[template];
    const doc = this.document(sourceId, field, index, source, '', line, record, entry);
    const recognised = recogniseDocument(doc, { shape: 'auto', edited: 'all' });
    if (!recognised.ok) return { problem: recognised.problem };
    const layout = plainLayout(recognised.conversation, 'all');
    return { ...doc, text: layout.text, instruction: { conversation: recognised.conversation, layout } };
  }

  /**
   * `sources` with the documents of those from `from` on numbered after the ones before them. Each source's
   * documents are numbered from where it starts in the current `sources`: they move by as much as it does
   * (keeping the numbers of refused records free).
   */
  private renumbered(sources: CorpusSource[], from: number): CorpusSource[] {
    // Bookkeeping for this call only, never shown.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const was = new Map<number, number>();
    let at = 0;
    for (const s of this.sources) {
      was.set(s.id, at);
      at += span(s);
    }
    let index = sources.slice(0, from).reduce((n, s) => n + span(s), 0);
    return sources.map((s, i) => {
      if (i < from) return s;
      const start = index;
      index += span(s);
      const shift = start - (was.get(s.id) ?? start);
      if (s.documents.length === 0 || shift === 0) return s;
      return { ...s, documents: s.documents.map((d) => ({ ...d, index: d.index + shift })) };
    });
  }

  private enqueue(
    id: number,
    field: string | undefined,
    fresh: boolean,
    meter: TextMeter | null = null,
  ): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const run = () => this.read(id, field, fresh, controller.signal, meter);
    const done = this.queue.then(run, run);
    this.queue = done.catch(() => {});
    return done;
  }

  /**
   * Reads one source in the worker. A first read shows documents as they arrive; a re-read (another field)
   * keeps the old documents until the new ones are complete, so the list never mixes two fields. Documents
   * are built as each batch arrives (a short task each) and published at most every PUBLISH_MS. Instruction
   * data under a chat template is laid out with it once the file is read, and shown then, whole. A held read
   * (`meter`) counts its documents' text against its selection's budget.
   */
  private async read(
    id: number,
    field: string | undefined,
    fresh: boolean,
    signal: AbortSignal,
    meter: TextMeter | null,
  ): Promise<void> {
    const source = this.find(id);
    if (!source?.file || signal.aborted) return;
    const file = source.file;
    const instructions = source.instructions;
    const chat = instructions ? this.chat : null;
    const template: SftTemplate = chat ? 'chat' : 'plain';
    // Shown as they arrive only where they are final: a chat layout needs the whole file's render first.
    const progressive = fresh && chat === null;
    /** Records that are not instruction records, as the file's own problems are listed (the first so many). */
    const skipped: Problem[] = [];
    let notListed = 0;
    /** Built, not yet in `sources`; numbered on from `next`. */
    let pending: SessionDocument[] = [];
    // A fresh source has no documents yet: either way this read's are numbered from the source's start.
    const readStart = this.startOf(id);
    let next = readStart;
    let chosen = field;
    let bytes = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      if (signal.aborted || !this.find(id)) return;
      const reading = { bytes, total: file.size };
      if (!progressive) return this.update(id, { reading });
      const first = this.find(id)!.documents.length === 0 && pending.length > 0;
      this.commit(id, pending, { reading, field: chosen }, readStart, false);
      pending = [];
      // A held source's documents are shown once its selection joins the corpus (settle).
      if (first && !meter) this.onAdded(this.find(id)!.documents[0].key);
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
      const before = pending.length;
      if (batch.kind === 'text')
        pending.push(this.document(id, undefined, next++, from, batch.text, undefined, undefined, entry));
      else {
        chosen = batch.field;
        for (const r of batch.records) {
          if (instructions) {
            const built = this.instructionDocument(id, next, from, r.line, r.record, entry, template);
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
      if (meter) this.measure(meter, pending.slice(before));
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
    let laidOut: { template: SftTemplate | undefined; refused: number } = { template: undefined, refused: 0 };
    if (instructions) {
      laidOut = { template, refused: 0 };
      if (chat) {
        const chatted = await this.layOutWithChat(pending, chat);
        if (signal.aborted || !this.find(id)) return;
        if ('failure' in chatted) {
          // The model went away mid-render: the plain layout stands until the next model is loaded.
          pending = pending.map((d) => ({ ...d, key: d.key.replace(LAYOUT_FIELD.chat, LAYOUT_FIELD.plain) }));
          laidOut.template = 'plain';
          skipped.push({
            severity: 'warning',
            source: source.name,
            message: `laid out with the plain template: the chat template could not be used (${chatted.failure})`,
          });
        } else {
          pending = chatted.documents;
          laidOut.refused = chatted.refused;
          skipped.push(...chatted.problems);
        }
      }
    }
    const done = {
      reading: null,
      kind: result.kind,
      fields: result.fields,
      field: result.field,
      problems: [...result.problems, ...skipped],
      ...laidOut,
    };
    const first = this.find(id)!.documents.length === 0 && pending.length > 0;
    // Another field (or template): the new documents replace the old at once.
    this.commit(id, pending, done, readStart, !fresh);
    if (fresh && first && !meter) this.onAdded(this.find(id)!.documents[0].key);
  }

  /**
   * Plain-template instruction documents laid out again with the chat template, a batch of conversations per
   * call; those it refuses are left out (their numbers kept) with a problem each, the first so many listed.
   * A render that fails as a whole (the model was replaced or lost) answers `failure`.
   */
  private async layOutWithChat(
    plain: SessionDocument[],
    render: RenderChats,
  ): Promise<{ documents: SessionDocument[]; refused: number; problems: Problem[] } | { failure: string }> {
    const documents: SessionDocument[] = [];
    const problems: Problem[] = [];
    let refused = 0;
    for (let from = 0; from < plain.length; from += CHAT_BATCH) {
      const batch = plain.slice(from, from + CHAT_BATCH);
      let layouts;
      try {
        layouts = await chatLayouts(
          batch.map((d) => d.instruction!.conversation),
          'all',
          render,
        );
      } catch (error) {
        return { failure: error instanceof Error ? error.message : String(error) };
      }
      if (layouts === null) return { failure: 'the loaded model has no chat template' };
      layouts.forEach((chat, i) => {
        const doc = batch[i];
        if (chat.ok) {
          const { conversation } = doc.instruction!;
          documents.push({
            ...doc,
            text: chat.layout.text,
            instruction: { conversation, layout: chat.layout },
          });
          return;
        }
        refused++;
        if (problems.length < MAX_LISTED_PROBLEMS) problems.push(layoutProblem(doc, chat.error));
      });
    }
    if (refused > problems.length)
      problems.push({
        severity: 'error',
        source: plain[0].origin.source,
        message: `… and ${(refused - problems.length).toLocaleString('en-US')} more records the chat template refused`,
      });
    return { documents, refused, problems };
  }

  /** Index of the source's first document: the documents of the sources before it. */
  private startOf(id: number): number {
    let n = 0;
    for (const s of this.sources) {
      if (s.id === id) return n;
      n += span(s);
    }
    return n;
  }

  /**
   * Appends `built` to the source's documents, or replaces them (`replace`: a re-read), applies `changes`,
   * and renumbers the sources after it. `built` was numbered from `readStart`, where the read began: it moves
   * by as much as the source's start has moved since (sources before it removed meanwhile).
   */
  private commit(
    id: number,
    built: SessionDocument[],
    changes: Partial<CorpusSource>,
    readStart: number,
    replace: boolean,
  ): void {
    const at = this.sources.findIndex((s) => s.id === id);
    if (at < 0) return;
    const current = this.sources[at];
    const shift = this.startOf(id) - readStart;
    const numbered = shift === 0 ? built : built.map((d) => ({ ...d, index: d.index + shift }));
    const documents = replace ? numbered : current.documents.concat(numbered);
    const updated = { ...current, ...changes, documents };
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
