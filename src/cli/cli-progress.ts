/**
 * Progress on stderr: a bar with rate and ETA on a terminal (one line redrawn), JSON Lines elsewhere (one
 * object per second, for logs and schedulers). Work is counted in text bytes, as the page's ETA is; the ETA
 * comes from the page's ProgressClock.
 */
import { formatDuration, ProgressClock } from '../lib/present/progress-clock';
import { CliError, EXIT } from './cli-error';

export type ProgressMode = 'bar' | 'json' | 'none';

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

const BAR_MS = 100;
const JSON_MS = 1000;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

export class Progress {
  private readonly clock: ProgressClock;
  private last = -Infinity;
  private bytes = 0;
  private tokens = 0;
  private documents = 0;

  constructor(
    private readonly mode: ProgressMode,
    private readonly task: string,
    private readonly totalBytes: number,
    private readonly totalDocuments: number,
    private readonly sink: ProgressSink = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.clock = new ProgressClock(now());
    if (mode === 'json') this.json('start');
  }

  /** --progress as given, or by default a bar on a terminal and JSON Lines elsewhere. */
  static modeFor(option: string | undefined, sink: ProgressSink = process.stderr): ProgressMode {
    if (option === 'bar' || option === 'json' || option === 'none') return option;
    if (option !== undefined)
      throw new CliError(`--progress ${option}: expected bar, json or none`, EXIT.usage);
    return sink.isTTY ? 'bar' : 'json';
  }

  update(p: { bytes: number; tokens: number; documents: number }): void {
    this.bytes = p.bytes;
    this.tokens = p.tokens;
    this.documents = p.documents;
    const t = this.now();
    if (t - this.last < (this.mode === 'bar' ? BAR_MS : JSON_MS)) return;
    this.last = t;
    if (this.mode === 'bar') this.bar(t);
    else if (this.mode === 'json') this.json('progress');
  }

  /** Ends the bar's line, or writes the final JSON event. */
  finish(event: 'done' | 'interrupted'): void {
    if (this.mode === 'bar') {
      this.bar(this.now());
      this.sink.write(event === 'done' ? '\n' : ' — interrupted\n');
    } else if (this.mode === 'json') this.json(event);
  }

  private rate(t: number): number {
    const s = this.clock.activeSeconds(t);
    return s > 0 ? this.tokens / s : 0;
  }

  private bar(t: number): void {
    const share = this.totalBytes > 0 ? Math.min(1, this.bytes / this.totalBytes) : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const eta = this.clock.eta(t, this.bytes, this.totalBytes);
    const line =
      `${this.task} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} % ` +
      `${this.documents}/${this.totalDocuments} docs · ${megabytes(this.bytes)}/${megabytes(this.totalBytes)} · ` +
      `${Math.round(this.rate(t)).toLocaleString('en-US')} tok/s` +
      (eta === null ? '' : ` · ETA ${formatDuration(eta)}`);
    this.sink.write(`\r${line}\x1b[K`);
  }

  private json(event: string): void {
    const t = this.now();
    const eta = this.clock.eta(t, this.bytes, this.totalBytes);
    this.sink.write(
      JSON.stringify({
        event,
        task: this.task,
        documents: this.documents,
        totalDocuments: this.totalDocuments,
        bytes: this.bytes,
        totalBytes: this.totalBytes,
        tokens: this.tokens,
        tokensPerSecond: Math.round(this.rate(t)),
        etaSeconds: eta === null ? null : Math.round(eta),
        elapsedSeconds: Math.round(this.clock.activeSeconds(t) * 10) / 10,
      }) + '\n',
    );
  }
}
