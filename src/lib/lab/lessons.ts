/**
 * Guided lessons: short paths through the lab for a class. Each step is a declarative preset of the lab's
 * state (simulation, parameters over its defaults, seed, highlighted figure) plus a few sentences to read,
 * so a step is also a URL (`?lesson=<id>&step=<n>`), and a learner who changes something can always go
 * back to the preset. test/unit/lab/lessons.test.ts runs every step and checks its figure exists.
 */
import type { Params } from './simulation';

export interface LessonStep {
  title: string;
  /** A simulation's id in the registry. */
  sim: string;
  /** Overrides of the simulation's defaults; check() must accept them unchanged. */
  params?: Params;
  seed?: number;
  /** The figure this step is about (a figure id of that simulation). */
  figure?: string;
  /** What to look at, in plain language (two to four sentences). */
  text: string;
  /** Something to try by hand before moving on. */
  try?: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** One sentence for the lesson list. */
  summary: string;
  steps: readonly LessonStep[];
}

/** "Collapse and its three remedies": keep real data, verify synthetic data, edit instead of regenerating. */
const COLLAPSE_101: Lesson = {
  id: 'collapse-101',
  title: 'Collapse and its three remedies',
  summary:
    'Watch a model trained on its own output forget its tails, then see what stops it: keeping real data, verifying synthetic data, and editing instead of regenerating.',
  steps: [
    {
      title: 'A model that learns from itself',
      sim: 'sim1',
      figure: 'fan',
      text:
        'Each generation fits a normal distribution to 100 samples drawn from the previous fit, then throws the old samples away. ' +
        'Every fit is only slightly off, but the errors compound: the spread σ drifts down generation after generation, ' +
        'and 500 independent runs (the band) all go the same way. The dashed line is the exact expectation.',
      try: 'Move “Samples per generation M” to 1000. Does a bigger sample stop the collapse, or only slow it?',
    },
    {
      title: 'The tails go first',
      sim: 'sim1',
      figure: 'tails',
      text:
        'Long before the model is useless on average, it stops producing rare events. This is the probability the fitted ' +
        'model gives to values beyond 3σ0 of the mean — the “tails” of the original data. It falls towards zero: ' +
        'the unusual cases are forgotten first, and nothing ever brings them back.',
    },
    {
      title: 'Remedy 1: keep the real data',
      sim: 'sim1',
      params: { mode: 'both' },
      figure: 'fan',
      text:
        'Now compare two ways to train the next generation: on the newest samples only (replace), or on every sample ever drawn, ' +
        'starting with the real ones (accumulate). Accumulating keeps σ near σ0 for as long as you like — the real data keeps ' +
        'anchoring the fit, and each new batch of synthetic data matters less and less.',
      try: 'Switch “Variance estimate” to unbiased. Replace still collapses — an unbiased estimate is not enough.',
    },
    {
      title: 'A floor under the scaling law',
      sim: 'sim2',
      figure: 'generations',
      text:
        'Facts follow a long tail: a few are common, most are rare. A learner that memorises what it sees gets better as a ' +
        'power of the data (the straight line on these log axes). Train it on samples of a model’s output instead, and the rare ' +
        'facts that were never drawn are gone: the error stops at a floor that more synthetic data cannot lower, and every ' +
        'generation trained on the last raises the floor again.',
      try: 'Look at the figure “Synthetic data with a cut or narrowed tail”: where the tail is cut sets how high the floor is.',
    },
    {
      title: 'A little real data restores the descent',
      sim: 'sim2',
      figure: 'mixing',
      text:
        'Mix a fraction π of real data into the synthetic data. Every fact now has a chance to be seen again, so once π·T is ' +
        'large enough to reach the missing tail, the error resumes its power-law descent — even at π = 0.01. Keeping real data ' +
        'in the mix is the first remedy again, now in the language of scaling laws.',
    },
    {
      title: 'Remedy 2: verify what you keep',
      sim: 'sim4',
      figure: 'acc-vs-p',
      text:
        'A generator labels data with error rate p; a verifier keeps a correct example with probability φ = 0.8 and a wrong one ' +
        'with ψ = 0.3. Below the breakdown point p* = φ/(φ+ψ) ≈ 0.73, the kept data has more right than wrong labels and a ' +
        'student trained on it learns; above p*, it learns the opposite. More data sharpens the step but does not move it.',
      try: 'Pick the “good” verifier (φ = 0.9, ψ = 0.1): p* moves to 0.9. A random filter (φ = ψ) leaves p* at 1/2.',
    },
    {
      title: 'More data only helps below p*',
      sim: 'sim4',
      params: { p: 0.75 },
      figure: 'acc-vs-n',
      text:
        'Just above the breakdown point (p = 0.75 > p* ≈ 0.73), generating more examples makes the student worse, not better: ' +
        'every extra batch adds slightly more wrong labels than right ones, and the student becomes surer of the wrong answer. ' +
        'Verification is only worth as much as the gap between p and p*.',
      try: 'Set p back to 0.6 and watch the same curve climb instead.',
    },
    {
      title: 'Measure a verifier',
      sim: 'sim5',
      figure: 'rates',
      text:
        'A real verifier: the generator proposes the eigenvalues of a matrix and sometimes errs; the verifier only checks cheap ' +
        'invariants (the trace and the sum of squares). The lab counts what it keeps — φ̂ of the correct answers, ψ̂ of the ' +
        'wrong ones — and reads off p̂* with its uncertainty. Verification helps when the point sits above the line.',
      try: 'Turn on the determinant-sign check: flipped signs stop slipping through and ψ̂ falls. Then choose your own file.',
    },
    {
      title: 'Remedy 3: edit instead of regenerating',
      sim: 'sim3',
      figure: 'modes',
      text:
        'A least-squares model is refitted each generation on labels its previous version produced. Regenerating every label ' +
        '(replace) adds each generation’s noise to the last: the error grows in a straight line. Editing only a fraction η of ' +
        'the human labels each time keeps the error bounded (about 2V for η = 0.5), like accumulating does. Editing labels that ' +
        'were already edited (edit-previous) lets the human share decay, and the error grows again.',
      try: 'Scroll to the ToEdit figure: the paper’s bounds are dotted, and the simulation sits above the 2·base one.',
    },
    {
      title: 'Now on real text',
      sim: 'ngram',
      figure: 'vocabulary',
      text:
        'The same loop on text: an n-gram model is fitted to a few paragraphs, writes a new corpus of the same size, and is fitted ' +
        'again to what it wrote. Rare words (used once) survive a generation only about 63 % of the time, so the vocabulary ' +
        'shrinks and never recovers. Read a generation below the plots to see what that does to the text.',
      try: 'Add your own documents on the Text page and come back: the lab runs on them instead.',
    },
    {
      title: 'Editing real text',
      sim: 'ngram',
      params: { mode: 'edit' },
      figure: 'vocabulary',
      text:
        'Instead of writing everything anew, each generation keeps the human text and only resamples the tokens the model is ' +
        'already near-certain about (p > 0.99, as in ToEdit). Those are nearly always drawn back as themselves, and the rare ' +
        'words are never touched: the vocabulary, the hapaxes and the tail stay where they were, and the text stays within a ' +
        'hair of the original. The change is small and bounded instead of compounding.',
      try: 'Lower the edit threshold τ to 0.5 to let the edits bite, then compare with “accumulate”.',
    },
  ],
};

export const LESSONS: readonly Lesson[] = [COLLAPSE_101];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
