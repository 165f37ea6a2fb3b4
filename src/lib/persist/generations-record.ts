/**
 * Iterated editing's results as a stored file (`sessions/<id>/generations.json`): the table's rows and
 * every generation's texts. JSON has no NaN (a rate with nothing scored), so those are written as null and
 * read back as NaN; a file that is not this shape is refused whole, with what is wrong.
 */
import type { GenerationRow } from '../toedit/generations';

export interface StoredGenerations {
  rows: GenerationRow[];
  /** texts[g][i]: document i's text in generation g + 1. */
  texts: string[][];
  /** The label of the model that scored them ('' in files written before it was kept). */
  model: string;
}

export const GENERATIONS_FILE = 'generations.json';

const ROW_FIELDS = [
  'generation',
  'scored',
  'flagged',
  'expectedEdits',
  'realisedEdits',
  'deleted',
  'flagRate',
  'editRate',
] as const satisfies readonly (keyof GenerationRow)[];

export function encodeGenerations(g: StoredGenerations): string {
  return JSON.stringify({ version: 1, rows: g.rows, texts: g.texts, model: g.model });
}

export function decodeGenerations(json: string): StoredGenerations {
  const data = JSON.parse(json) as { version?: unknown; rows?: unknown; texts?: unknown; model?: unknown };
  if (data.version !== 1) throw new Error(`version ${String(data.version)} is not 1`);
  if (!Array.isArray(data.rows) || !Array.isArray(data.texts) || data.rows.length !== data.texts.length)
    throw new Error('rows and texts must be arrays of the same length');
  const rows = data.rows.map((raw: Record<string, unknown>, g) => {
    const row = {} as GenerationRow;
    for (const field of ROW_FIELDS) {
      const value = raw?.[field];
      if (value !== null && typeof value !== 'number')
        throw new Error(`generation ${g + 1}: ${field} is not a number`);
      row[field] = value === null ? NaN : value;
    }
    return row;
  });
  const texts = data.texts.map((t: unknown, g) => {
    if (!Array.isArray(t) || !t.every((x) => typeof x === 'string'))
      throw new Error(`generation ${g + 1}: texts are not strings`);
    return t as string[];
  });
  return { rows, texts, model: typeof data.model === 'string' ? data.model : '' };
}
