/** The command line's progress: a bar with rate and ETA on a terminal, JSON Lines elsewhere. */
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/cli-progress';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, sink: { isTTY, write: (t: string) => void out.push(t) } };
}

describe('progress', () => {
  it('picks a bar on a terminal and JSON Lines otherwise, unless told', () => {
    expect(Progress.modeFor(undefined, { isTTY: true, write: () => {} })).toBe('bar');
    expect(Progress.modeFor(undefined, { isTTY: false, write: () => {} })).toBe('json');
    expect(Progress.modeFor('none', { isTTY: true, write: () => {} })).toBe('none');
    expect(() => Progress.modeFor('loud')).toThrow('--progress loud: expected bar, json or none');
  });

  it('draws a bar with tokens/s and an ETA from the bytes done', () => {
    let now = 0;
    const { out, sink: s } = sink(true);
    const p = new Progress('bar', 'edit', 1_000_000, 10, s, () => now);
    now = 2000;
    p.update({ bytes: 250_000, tokens: 50_000, documents: 2 });
    // A quarter done in 2 s: 6 s left; 25,000 tokens/s.
    expect(out.at(-1)).toBe(
      '\redit [######..................]  25 % 2/10 docs · 0.25 MB/1.00 MB · 25,000 tok/s · ETA 6 s\x1b[K',
    );
    now = 2050; // redrawn at most every 100 ms
    p.update({ bytes: 300_000, tokens: 60_000, documents: 3 });
    expect(out).toHaveLength(1);
    now = 8000;
    p.update({ bytes: 1_000_000, tokens: 200_000, documents: 10 });
    p.finish('done');
    expect(out.at(-1)).toBe('\n');
  });

  it('writes one JSON object a second, then the final event', () => {
    let now = 0;
    const { out, sink: s } = sink(false);
    const p = new Progress('json', 'score shard-00001-of-00004', 400, 4, s, () => now);
    now = 500;
    p.update({ bytes: 100, tokens: 30, documents: 1 });
    now = 900;
    p.update({ bytes: 200, tokens: 60, documents: 2 }); // within the second: not written
    now = 1600;
    p.update({ bytes: 300, tokens: 90, documents: 3 });
    p.finish('interrupted');
    const events = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['start', 'progress', 'progress', 'interrupted']);
    expect(events[2]).toMatchObject({
      task: 'score shard-00001-of-00004',
      documents: 3,
      totalDocuments: 4,
      bytes: 300,
      totalBytes: 400,
      tokens: 90,
      etaSeconds: 1,
    });
    expect(out.every((l) => l.endsWith('\n'))).toBe(true);
  });
});
