import { corpusColor, corpusDash } from '../charts/palette';

/** A legend entry for a corpus's line: its slot's colour and dash, the label its name unless told. */
export function corpusLine(
  corpus: { name: string; slot: number },
  label: string = corpus.name,
): { label: string; color: string; dash: string } {
  return { label, color: corpusColor(corpus.slot), dash: corpusDash(corpus.slot) };
}
