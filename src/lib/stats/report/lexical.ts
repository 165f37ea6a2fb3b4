/**
 * The length-sensitive figures of a report, computed on its seeded document sample.
 */
import type { LexicalReport } from '../corpus-report';
import { insufficient, type Maybe } from '../statistic';

export function lexicalReport(texts: readonly string[], tokens?: number): Maybe<LexicalReport> {
  void texts;
  void tokens;
  return insufficient('lexical diversity: not computed yet');
}
