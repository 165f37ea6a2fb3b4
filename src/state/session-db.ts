/**
 * The stored sessions' small records in IndexedDB (layout: src/lib/persist/session-record.ts), through
 * `idb`, which turns IndexedDB's requests into promises and nothing more.
 */
import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import {
  CORPORA_STORE,
  DATABASE,
  META_STORE,
  SESSIONS_STORE,
  type SessionRecord,
} from '../lib/persist/session-record';

export class SessionDb {
  private constructor(private db: IDBPDatabase) {}

  static async open(name = DATABASE): Promise<SessionDb> {
    const db = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore(SESSIONS_STORE, { keyPath: 'id' });
        db.createObjectStore(META_STORE);
        db.createObjectStore(CORPORA_STORE);
      },
    });
    return new SessionDb(db);
  }

  async current(): Promise<string | undefined> {
    return (await this.db.get(META_STORE, 'current')) as string | undefined;
  }

  async setCurrent(id: string): Promise<void> {
    await this.db.put(META_STORE, id, 'current');
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.db.get(SESSIONS_STORE, id)) as SessionRecord | undefined;
  }

  async put(record: SessionRecord): Promise<void> {
    await this.db.put(SESSIONS_STORE, record);
  }

  async all(): Promise<SessionRecord[]> {
    return (await this.db.getAll(SESSIONS_STORE)) as SessionRecord[];
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(SESSIONS_STORE, id);
    await this.db.delete(CORPORA_STORE, id);
  }

  /** The session's stored Statistics corpora (structured clones: typed arrays stay typed arrays). */
  async corpora<T>(id: string): Promise<T[]> {
    return ((await this.db.get(CORPORA_STORE, id)) as T[] | undefined) ?? [];
  }

  async putCorpora<T>(id: string, corpora: T[]): Promise<void> {
    await this.db.put(CORPORA_STORE, corpora, id);
  }

  /** Deletes the database where no connection of this page is open. */
  static async deleteAll(name = DATABASE): Promise<void> {
    await deleteDB(name);
  }

  /** Deletes the whole database (closing this connection first, or the deletion would wait for it). */
  async destroy(): Promise<void> {
    const name = this.db.name;
    this.db.close();
    await deleteDB(name);
  }
}
