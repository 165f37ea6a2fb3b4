/**
 * One tab of this site keeps the saved session. The session record, its sources and its score files are
 * written by the page that holds them in memory; a second tab writing the same record would silently
 * overwrite the first's (and append to score files the first has indexed). A Web Lock held for the page's
 * life says which tab that is: the browser lets it go when the tab closes, reloads or crashes, so a lock
 * cannot be left stale. A browser without Web Locks (none the site supports) keeps today's behaviour.
 */
export const SESSION_LOCK = 'semisynth-saved-session';

/** 'held': this page keeps the session; 'elsewhere': another tab does; 'unsupported': no Web Locks. */
export type SessionLockState = 'held' | 'elsewhere' | 'unsupported';

/** Takes the lock where it is free, and keeps it until the page goes. Never waits for another tab. */
export function claimSessionLock(): Promise<SessionLockState> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve('unsupported');
  return new Promise<SessionLockState>((resolve, reject) => {
    locks
      .request(SESSION_LOCK, { ifAvailable: true }, (lock) => {
        resolve(lock ? 'held' : 'elsewhere');
        // Held for the page's life: this promise never settles.
        return lock ? new Promise<never>(() => {}) : undefined;
      })
      .catch(reject);
  });
}

/** How often a tab that stands aside asks whether the lock is still held. */
const FREED_POLL_MS = 2000;

/**
 * Resolves once no tab holds the lock. It asks (locks.query) rather than queueing for the lock: a queued
 * request would be granted the moment the holder reloads, and the reloaded holder would find its own
 * session taken.
 */
export async function sessionLockFreed(): Promise<void> {
  for (;;) {
    const { held = [] } = await navigator.locks.query();
    if (!held.some((lock) => lock.name === SESSION_LOCK)) return;
    await new Promise((resolve) => setTimeout(resolve, FREED_POLL_MS));
  }
}
