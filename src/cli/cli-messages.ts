import type { Problem } from '../lib/io/problem';

/** One problem on one line, as a terminal shows it: "error: file.jsonl, line 3: … (hint)". */
export function formatProblem(p: Problem): string {
  const where = p.message.startsWith(p.source) ? '' : `${p.source}: `;
  return `${p.severity}: ${where}${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}
