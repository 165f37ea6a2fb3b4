/**
 * Training text for the test models: trains the BPE merges and gives the bigram model its counts.
 *
 * Each entry is one document (the bigram counts start every document with `<s>` and end it with `</s>`).
 * Written for Semisynth. The prose gives ordinary, uncertain bigrams; the "collapsed sample" documents
 * repeat a fixed phrase so that several bigrams are near-certain (p > 0.99 needs a context seen more than
 * ~31 times with a single continuation, given add-1/1024 smoothing over 320 tokens). The last documents
 * exercise the byte level: emoji (with ZWJ sequences and skin-tone modifiers), CJK, combining marks, CRLF,
 * tabs and stray spaces.
 */

const COLLAPSE_PHRASE = 'lorem ipsum dolor sit amet';

/** A collapsed model's output: the same filler phrase, over and over. */
function collapsedSample(repeats: number): string {
  return `Sample from generation nine: ${Array.from({ length: repeats }, () => COLLAPSE_PHRASE).join(', ')}.`;
}

export const CORPUS_DOCUMENTS: readonly string[] = [
  'Semisynth looks at text one token at a time. For every position it asks a language model how likely ' +
    'the observed token was, given everything before it, and paints the answer onto the page. Tokens the ' +
    'model expected are pale; tokens that surprised it glow.',

  'Editing at the level of tokens is a quiet kind of surgery. You replace a single word with the ' +
    'alternative the model prefers, then watch how the probabilities of the following words shift. A ' +
    'sentence can be made more predictable, or less, one small change after another.',

  'Model collapse is what happens when models are trained, generation after generation, on text written ' +
    'by earlier models. Rare words fade first. The tails of the distribution thin out, the common phrases ' +
    'grow more common, and after enough rounds the output narrows to a handful of safe, repeated patterns.',

  'To study collapse we need text whose probabilities we can trust. A bigram table is the simplest such ' +
    'model: the chance of the next token depends only on the token before it, counted from a corpus and ' +
    'smoothed so that nothing is impossible. Its numbers can be checked by hand.',

  'The editor keeps the original beside every revision. Each change records the position, the old token, ' +
    'the new token and the log probability the model gave to both, so that an experiment can be replayed ' +
    'exactly, or undone, or exported as a table for later analysis.',

  collapsedSample(24),
  'The same sampler, one generation later: ' +
    Array.from({ length: 20 }, () => COLLAPSE_PHRASE).join('; ') +
    '.',

  'Emoji are several bytes each: 🙂 😀 👍🏽 and the family 👩‍👩‍👧 joined by zero-width joiners, flags 🇯🇵 too.',
  '日本語の文章もトークンに分かれます。模型崩溃 means model collapse; 한국어 텍스트도 있습니다.',
  'Combining marks: cafe\u0301 versus café, n\u0303, a\u0308\u0304, and Zalgo-ish e\u0336\u0301\u0327.',
  'Windows line endings\r\nstay as they are,\r\nbyte for byte.\r\n',
  '\tTabs, trailing spaces   and  double  spaces are tokens too.  ',
];
