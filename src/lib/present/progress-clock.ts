/**
 * Elapsed working time that excludes pauses, and an ETA from the rate so far. Work is measured in text
 * bytes (documents differ in length, so "documents done" predicts badly); tokens are reported alongside.
 * Time comes from the caller so the logic is testable without clocks.
 */
export class ProgressClock {
  private activeMs = 0;
  private since: number | null = null;

  constructor(now: number) {
    this.since = now;
  }

  get paused(): boolean {
    return this.since === null;
  }

  pause(now: number): void {
    if (this.since === null) return;
    this.activeMs += now - this.since;
    this.since = null;
  }

  resume(now: number): void {
    if (this.since === null) this.since = now;
  }

  /** Seconds spent working (pauses excluded). */
  activeSeconds(now: number): number {
    return (this.activeMs + (this.since === null ? 0 : now - this.since)) / 1000;
  }

  /** Seconds left at the rate so far, or null before any work has been measured. */
  eta(now: number, done: number, total: number): number | null {
    const seconds = this.activeSeconds(now);
    if (done <= 0 || seconds <= 0) return null;
    return Math.max(0, ((total - done) * seconds) / done);
  }
}

/** "12 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
