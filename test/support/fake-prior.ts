/**
 * Fake prior workers for the state tests: the prior worker's API with every load and scoring call left
 * pending until the test answers it, so a test chooses the order of events (a load during scoring, a late
 * answer, a crash mid-call). Scores mark the model that computed them: every logprob is `markOf(model id)`,
 * so a test can tell which model's scores were filed where.
 */
import { packVocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type {
  LoadedPrior,
  LoadOptions,
  LoadProgress,
  PriorWorkerApi,
} from '../../src/lib/scoring/prior-worker-api';
import type { Device, PriorInfo, ScoringProgress } from '../../src/lib/scoring/prior';
import type { ModelSource } from '../../src/lib/scoring/models/source';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import type { RenderedChat } from '../../src/state/prior-client';
import { deferred, fakeSpawner, type Deferred } from './fake-worker';

export interface FakeLoad {
  source: ModelSource;
  device: Device;
  dtype: string;
  onProgress?: (p: LoadProgress) => void;
  /** The WASM threads the page asked for. */
  threads?: number;
  answer: Deferred<LoadedPrior>;
}

export interface FakeScore {
  id: number;
  texts: string[];
  /** Alternatives per token asked for; the answer keeps that many. */
  k: number;
  onProgress?: (p: ScoringProgress) => void | Promise<void>;
  answer: Deferred<DocumentScores[]>;
  cancelled: boolean;
  /** pause(id) and resume(id) as the worker received them. */
  pauses: ('pause' | 'resume')[];
}

/** One fake worker: the model it holds and the calls it was given. */
export interface FakePriorWorker {
  model: string | null;
  loads: FakeLoad[];
  scores: FakeScore[];
  /** Whether cancel(id) stops a call (as the real worker does at its next checkpoint) or is ignored. */
  stopsOnCancel: boolean;
  /** The chat template renderChat answers with at once (null: none), unless `holdRenders`. */
  chatTemplate: ((messages: { role: string; content: string }[]) => string) | null;
  /** Leave each renderChat call pending until the test answers it. */
  holdRenders: boolean;
  /** renderChat calls as received. */
  renders: { conversations: { role: string; content: string }[][]; answer: Deferred<RenderedChat> }[];
  /** Ports the worker was asked to serve its API on (a lent model). */
  connected: MessagePort[];
}

/** The logprob every token gets from model `id` (distinct per model, all below p = 0.99). */
export function markOf(modelId: string): number {
  let h = 0;
  for (const c of modelId) h = (h * 31 + c.charCodeAt(0)) % 997;
  return -(1 + h / 100);
}

/** One token per byte of an ASCII text, every logprob `mark`. */
export function fakeScores(text: string, mark: number, k = 8): DocumentScores {
  const n = text.length;
  return {
    tokenIds: Int32Array.from(text, (c) => c.charCodeAt(0)),
    byteStart: Uint32Array.from({ length: n }, (_, i) => i),
    byteEnd: Uint32Array.from({ length: n }, (_, i) => i + 1),
    logprob: new Float32Array(n).fill(mark),
    rank: new Int32Array(n).fill(2),
    entropy: new Float32Array(n).fill(1),
    k,
    topIds: new Int32Array(n * k).fill(-1),
    topLogprobs: new Float32Array(n * k).fill(NaN),
    bosPrepended: true,
  };
}

/** What a load of `source` answers: a 256-entry byte vocabulary. */
export function fakeLoaded(source: ModelSource, device: Device, dtype: string, threads = 1): LoadedPrior {
  const modelId = source.kind === 'bundled' || source.kind === 'hub' ? source.id : source.name;
  const info: PriorInfo = {
    kind: 'transformers',
    modelId,
    dtype,
    device,
    modelType: 'fake',
    vocabSize: 256,
    bosTokenId: 0,
    maxContext: 1 << 20,
    kvCache: false,
    specialIds: [],
  };
  const vocabulary = packVocabulary(
    256,
    Array.from({ length: 256 }, (_, id) => [id, Uint8Array.of(id)] as const),
    [],
  );
  const labels = Array.from({ length: 256 }, (_, id) => String.fromCharCode(id));
  return { info, labels, vocabulary, threads };
}

export function fakePriorWorkers() {
  const states: FakePriorWorker[] = [];
  const spawner = fakeSpawner(() => {
    const w: FakePriorWorker = {
      model: null,
      loads: [],
      scores: [],
      stopsOnCancel: true,
      chatTemplate: null,
      holdRenders: false,
      renders: [],
      connected: [],
    };
    states.push(w);
    const api = {
      connect(port: MessagePort) {
        w.connected.push(port);
      },
      detectGpu: async () => ({ webgpu: true, shaderF16: false, maxStorageBufferBindingSize: 1 << 30 }),
      load(
        source: ModelSource,
        device: Device,
        dtype: string,
        onProgress?: (p: LoadProgress) => void,
        options: LoadOptions = {},
      ) {
        const answer = deferred<LoadedPrior>();
        w.loads.push({ source, device, dtype, onProgress, threads: options.threads, answer });
        return answer.promise;
      },
      score(id: number, texts: string[], k: number, onProgress?: (p: ScoringProgress) => void) {
        const answer = deferred<DocumentScores[]>();
        w.scores.push({ id, texts, k, onProgress, answer, cancelled: false, pauses: [] });
        return answer.promise;
      },
      renderChat(conversations: { role: string; content: string }[][]) {
        const answer = deferred<RenderedChat>();
        w.renders.push({ conversations, answer });
        const template = w.chatTemplate;
        if (!w.holdRenders) answer.resolve(template && conversations.map((ms) => template(ms)));
        return answer.promise;
      },
      // A held call: the real worker answers once the call reaches its next checkpoint.
      pause(id: number) {
        w.scores.find((s) => s.id === id)?.pauses.push('pause');
        return true;
      },
      resume(id: number) {
        w.scores.find((s) => s.id === id)?.pauses.push('resume');
      },
      cancel(id: number) {
        const call = w.scores.find((s) => s.id === id);
        if (!call) return;
        call.cancelled = true;
        if (w.stopsOnCancel) call.answer.reject(new DOMException('The operation was aborted.', 'AbortError'));
      },
    };
    return api as unknown as PriorWorkerApi;
  }, 'the prior worker');

  return {
    spawn: spawner.spawn,
    /** The fake workers' states, in the order they were started. */
    workers: states,
    /** The FakeWorker objects (crash, terminated), same order. */
    ports: spawner.workers,
    /** Answers worker `w`'s oldest unanswered load as the real worker would. */
    finishLoad(w: FakePriorWorker, index = w.loads.length - 1): void {
      const load = w.loads[index];
      w.model = load.source.kind === 'bundled' || load.source.kind === 'hub' ? load.source.id : null;
      load.answer.resolve(fakeLoaded(load.source, load.device, load.dtype, load.threads ?? 1));
    },
    /** Answers a scoring call with the scores of the model `w` holds. */
    finishScore(w: FakePriorWorker, call: FakeScore): void {
      call.answer.resolve(call.texts.map((t) => fakeScores(t, markOf(w.model ?? 'none'), call.k)));
    },
  };
}

export const MODEL_A: ModelSource = { kind: 'bundled', id: 'test/model-a' };
export const MODEL_B: ModelSource = { kind: 'bundled', id: 'test/model-b' };
