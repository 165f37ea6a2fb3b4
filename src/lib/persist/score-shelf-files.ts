/**
 * The score files of one session, as the Text page asks them between Score clicks: which of these documents
 * are stored, and their scores. Each file, once opened, keeps in memory only the set of content hashes it
 * holds (32 B a document, not the columns), so a click whose documents are not on disk reads nothing; and
 * each document's hash is computed once per text (a document whose text changed is hashed again). Appends
 * keep the set current: one tab writes the session's files (session-lock.ts), so nothing else adds to them.
 */
import type { DocumentScores } from '../scoring/scores';
import type { ByteStore } from './byte-store';
import { contentHash, hashHex } from './content-hash';
import { ScoreFile, type ScoreFileRead } from './score-file';
import { scoreFileName, type ScoreKey } from './score-key';

/** A document as the shelf files it: its stable key on the page and its text. */
export interface ShelfDocument {
  key: string;
  text: string;
}

/** The score key of a model, and its name for messages. */
export interface ShelfModel {
  key: ScoreKey;
  label: string;
}

export interface ScoreShelfFilesOptions {
  /** The byte store of the score file named `name` (created empty where it does not exist). */
  openStore: (name: string) => Promise<ByteStore>;
  /** Content hash of a text (default: SHA-256, content-hash.ts); tests count its calls. */
  hash?: (text: string) => Promise<Uint8Array>;
  /** A file was found cut short when opened (its tail was dropped and is scored again). */
  onTorn?: (model: ShelfModel, reason: string) => void;
}

interface OpenFile {
  file: ScoreFile;
  /** Hex content hashes of the documents the file holds. */
  stored: Set<string>;
  /** Documents the file holds (a text scored twice counts twice). */
  count: number;
}

export class ScoreShelfFiles {
  private readonly files = new Map<string, Promise<OpenFile>>();
  private readonly hashes = new Map<string, { text: string; hash: Uint8Array }>();
  private readonly hash: (text: string) => Promise<Uint8Array>;

  constructor(private readonly options: ScoreShelfFilesOptions) {
    this.hash = options.hash ?? contentHash;
  }

  /** Stored scores of `docs` under `model`, by document key; the file is read only where one of them is on it. */
  async load(model: ShelfModel, docs: readonly ShelfDocument[]): Promise<Map<string, DocumentScores>> {
    const found = new Map<string, DocumentScores>();
    const { file, stored } = await this.open(model);
    if (stored.size === 0 || docs.length === 0) return found;
    const wanted = new Map<string, string[]>(); // hex hash → keys of the documents with that text
    for (const doc of docs) {
      const hex = hashHex(await this.hashOf(doc));
      if (stored.has(hex)) wanted.set(hex, [...(wanted.get(hex) ?? []), doc.key]);
    }
    if (wanted.size === 0) return found;
    for (const d of (await file.read()).documents) {
      const keys = wanted.get(hashHex(d.hash));
      if (keys) for (const key of keys) found.set(key, d.scores);
    }
    return found;
  }

  /** How many documents the model's file holds (opening it, which cuts a torn tail off). */
  async count(model: ShelfModel): Promise<number> {
    return (await this.open(model)).count;
  }

  /** Appends a finished group's scores to the model's file. */
  async save(
    model: ShelfModel,
    docs: readonly ShelfDocument[],
    scores: readonly DocumentScores[],
  ): Promise<void> {
    const hashes = await Promise.all(docs.map((d) => this.hashOf(d)));
    const opened = await this.open(model);
    await opened.file.append(docs.map((_, i) => ({ hash: hashes[i], scores: scores[i] })));
    for (const hash of hashes) opened.stored.add(hashHex(hash));
    opened.count += docs.length;
  }

  /** Drops the hashes of documents no longer on the page (their texts need not stay in memory). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.hashes.keys()) if (!keys.has(key)) this.hashes.delete(key);
  }

  private async hashOf(doc: ShelfDocument): Promise<Uint8Array> {
    const known = this.hashes.get(doc.key);
    if (known && known.text === doc.text) return known.hash;
    const hash = await this.hash(doc.text);
    this.hashes.set(doc.key, { text: doc.text, hash });
    return hash;
  }

  /** The model's file, opened once (opening reads it whole, to cut a torn tail off and to index it). */
  private async open(model: ShelfModel): Promise<OpenFile> {
    const name = await scoreFileName(model.key);
    let opened = this.files.get(name);
    if (!opened) {
      opened = (async () => {
        const { file, read } = await ScoreFile.open(await this.options.openStore(name), model.key);
        if (read.torn && read.validBytes > 0) this.options.onTorn?.(model, read.torn.reason);
        return { file, stored: storedHashes(read), count: read.documents.length };
      })();
      this.files.set(name, opened);
      opened.catch(() => this.files.delete(name));
    }
    return opened;
  }
}

function storedHashes(read: ScoreFileRead): Set<string> {
  return new Set(read.documents.map((d) => hashHex(d.hash)));
}
