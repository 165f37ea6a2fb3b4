/**
 * What the lab worker does, as one object: the single source of truth for its functions (workers/
 * lab.worker.ts only exposes it). Runs are synchronous, so a newer run cannot interrupt an older one by
 * message; instead the page writes the newest run's token into a shared Int32 and each run polls it at every
 * partial result (lab-client.ts ends the worker outright when the page is not cross-origin isolated and
 * shared memory is unavailable).
 *
 * Frames are cloned, not transferred: their typed arrays may be views of the running simulation's own
 * buffers, which transferring would detach mid-run; a frame is at most a few hundred kilobytes.
 */
import { runSimulation, type AnySimulation, type LabFrame, type RunOutcome } from './runner';
import { boundVerifierLab, findSimulation, OWN_TEXT_ID, VERIFIER_FILE_ID } from './registry';
import type { VerifierData } from './sim5-verifier/verifier-file';
import { ngramCollapse } from './ngram-collapse/ngram-collapse';
import { generationDocuments, type NgramCollapseResult } from './ngram-collapse/ngram-collapse-model';
import type { Params } from './simulation';

export interface RunRequest {
  simId: string;
  params: Params;
  seed: number;
  /** This run's number; the run stops as soon as the shared flag holds a different one. */
  token: number;
}

/** Some documents of one generation of the n-gram collapse, cut to a character budget. */
export interface GenerationText {
  generation: number;
  documents: string[];
  /** Documents in that generation, and how many of them `documents` holds (the last may be cut). */
  total: number;
  truncated: boolean;
}

export function createLabWorkerApi() {
  let latest: Int32Array | null = null;
  /** The n-gram collapse bound to the corpus the page chose (its own text, or a sample). */
  let ownText: AnySimulation | null = null;
  /** The newest n-gram collapse result (partial or final), for reading a generation's text. */
  let ownTextResult: NgramCollapseResult | null = null;
  /** The verifier lab bound to the learner's file. */
  let verifierFile: AnySimulation | null = null;

  return {
    /** Shares the page's "newest run" flag (called once per worker when shared memory exists). */
    share(flag: SharedArrayBuffer): void {
      latest = new Int32Array(flag);
    },

    /** Binds "collapse on your own text" to these documents; tokenizing waits for the first run. */
    setCorpus(texts: string[], name: string): void {
      ownText = ngramCollapse(texts, name);
      ownTextResult = null;
    },

    /** Binds the verifier lab's file view to these candidates. */
    setVerifierData(data: VerifierData): void {
      verifierFile = boundVerifierLab(data);
    },

    run(request: RunRequest, onFrame?: (frame: LabFrame) => void): RunOutcome {
      const own = request.simId === OWN_TEXT_ID;
      const file = request.simId === VERIFIER_FILE_ID;
      const sim = own ? ownText : file ? verifierFile : findSimulation(request.simId);
      if (!sim) {
        const missing = own ? 'no text' : file ? 'no verifier file' : null;
        return {
          status: 'failed',
          error: missing ? `${missing} was given to the worker` : `there is no simulation “${request.simId}”`,
        };
      }
      const stale = () => latest !== null && Atomics.load(latest, 0) !== request.token;
      if (stale()) return { status: 'cancelled' };
      return runSimulation(sim, request.params, request.seed, {
        shouldStop: stale,
        onFrame: onFrame && ((frame) => void onFrame(frame)),
        onResult: own ? (result) => (ownTextResult = result as NgramCollapseResult) : undefined,
      });
    },

    /** Generation `generation`'s text from the newest n-gram collapse run, at most `maxChars` characters. */
    generationText(generation: number, maxChars: number): GenerationText | null {
      const result = ownTextResult;
      if (!result || generation < 0 || generation >= result.corpora.length) return null;
      const all = generationDocuments(result, generation);
      const documents: string[] = [];
      let budget = maxChars;
      for (const doc of all) {
        if (budget <= 0) break;
        documents.push(doc.length > budget ? `${doc.slice(0, budget)}…` : doc);
        budget -= doc.length;
      }
      return {
        generation,
        documents,
        total: all.length,
        truncated: budget < 0 || documents.length < all.length,
      };
    },
  };
}

export type LabWorkerApi = ReturnType<typeof createLabWorkerApi>;
