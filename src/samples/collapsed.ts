/**
 * A collapsed model's output: what recursive training on generated text narrows to (a handful of safe,
 * repeated phrases). The bundled priors were counted from a text that holds this phrase (see
 * scripts/testmodels/corpus.ts), so they are near-certain (p > 0.99) on most of its tokens here, as a prior
 * is on collapsed text; the human sentence above it shows how rarely that happens in varied writing. With
 * the default prior (semisynth-test/primer) and the reference edit settings, 80 repeats give 320 flagged
 * tokens and 6.3 expected edits, so a first run shows real edits for almost any seed.
 */
const PHRASE = 'lorem ipsum dolor sit amet';

/** `repeats` copies of the phrase in sentences of eight, so the page wraps it like prose. */
function collapsedOutput(repeats: number): string {
  const sentences: string[] = [];
  for (let i = 0; i < repeats; i += 8)
    sentences.push(Array.from({ length: Math.min(8, repeats - i) }, () => PHRASE).join(', ') + '.');
  return sentences.join(' ');
}

export const COLLAPSED_SAMPLE =
  'Generation 0, human text: Editing at the level of tokens is a quiet kind of surgery.\n\n' +
  `Generation 9, after training on its own output: ${collapsedOutput(80)}\n`;
