import type { Figure, Reading } from '../../../src/lib/lab/simulation';

/**
 * Everything a plot or a reading would show wrongly: a non-finite number in any series or band, a
 * non-positive value on a log axis, or a band or x array of the wrong length. Empty means all is drawable.
 * (One list, not an expect() per value: figures hold tens of thousands of numbers.)
 */
export function undrawable(figures: Figure[], readings: Reading[]): string[] {
  const problems: string[] = [];
  for (const f of figures) {
    for (const s of f.series) {
      const where = `${f.id} / ${s.label}`;
      if (s.x.length !== s.y.length) problems.push(`${where}: x has ${s.x.length} values, y ${s.y.length}`);
      for (const [name, arr] of [
        ['x', s.x],
        ['y', s.y],
        ['lo', s.lo],
        ['hi', s.hi],
      ] as const) {
        if (!arr) continue;
        if (name !== 'x' && arr.length !== s.y.length)
          problems.push(`${where}: ${name} has the wrong length`);
        const log = (name === 'x' ? f.x.scale : f.y.scale) === 'log';
        for (let i = 0; i < arr.length; i++) {
          if (!Number.isFinite(arr[i])) {
            problems.push(`${where}: ${name}[${i}] = ${arr[i]}`);
            break;
          }
          if (log && !(arr[i] > 0)) {
            problems.push(`${where}: ${name}[${i}] = ${arr[i]} on a log axis`);
            break;
          }
        }
      }
    }
    for (const rule of f.rules ?? [])
      if (!Number.isFinite(rule.value)) problems.push(`${f.id}: rule ${rule.label} = ${rule.value}`);
  }
  for (const r of readings)
    if (typeof r.value === 'number' && !Number.isFinite(r.value))
      problems.push(`reading ${r.label} = ${r.value}`);
  return problems;
}

/** The figure with this id; a missing one fails the test with its name. */
export function figureById(figures: Figure[], id: string): Figure {
  const f = figures.find((x) => x.id === id);
  if (!f) throw new Error(`no figure ${id}`);
  return f;
}
