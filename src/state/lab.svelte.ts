/**
 * The collapse lab's state: which simulation (or lesson step) is open with which parameters, seed and
 * highlighted figure — all of it in the URL (url-state.ts) — and the latest frame the worker drew for it.
 * Every change goes through one of the methods below, which re-run the simulation; a newer run supersedes
 * an older one (lab-client.ts), so dragging a slider never queues stale work.
 */
import { flushSync } from 'svelte';
import { LabClient } from './lab-client';
import {
  boundVerifierLab,
  CATALOG,
  catalogWith,
  OWN_TEXT_ID,
  VERIFIER_FILE_ID,
  type ExplicitSimulation,
} from '../lib/lab/registry';
import { parseVerifierFile, type VerifierData } from '../lib/lab/sim5-verifier/verifier-file';
import type { GenerationText } from '../lib/lab/lab-worker-api';
import type { LabFrame } from '../lib/lab/runner';
import type { ParamValue, Params } from '../lib/lab/simulation';
import {
  decodeLabState,
  encodeLabState,
  lessonState,
  MAX_SEED,
  OVERVIEW,
  presetParams,
  sameState,
  type LabState,
  type LessonPosition,
} from '../lib/lab/url-state';
import { findLesson } from '../lib/lab/lessons';

export type RunPhase =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  /** `ms` inside the worker; `roundTripMs` from the change to the answer on the page (the benchmark reads it). */
  | { phase: 'done'; ms: number; roundTripMs: number; run: number }
  | { phase: 'failed'; error: string };

export class Lab {
  state = $state<LabState>({ ...OVERVIEW });
  /** What the URL or a control changed on the way in (clamped values, unknown names). */
  notes = $state<string[]>([]);
  /** check()'s refusal of the current parameters: nothing runs until they change. */
  refused = $state<string | null>(null);
  /** The latest frame for the open simulation (partial while a run streams). */
  frame = $state.raw<LabFrame | null>(null);
  /** Whether `frame` was drawn for the current parameters (false while a newer run has not reported yet). */
  current = $state(false);
  status = $state<RunPhase>({ phase: 'idle' });
  /** The lesson position the learner left, so the sidebar can offer to go back to it. */
  left = $state<LessonPosition | null>(null);

  /** The learner's verifier file, parsed, and the verifier lab bound to it. */
  verifier = $state.raw<{
    name: string;
    data: VerifierData;
    sim: ExplicitSimulation;
    notes: string[];
  } | null>(null);
  /** Why the last chosen verifier file was refused (the lab carries on with what it had). */
  verifierErrors = $state<{ name: string; errors: string[] } | null>(null);

  readonly catalog = $derived(catalogWith(this.verifier?.sim ?? null));
  readonly rest = $derived(encodeLabState(this.state, this.catalog));
  readonly simulation = $derived(this.find(this.state.sim));
  readonly lesson = $derived(this.state.lesson ? findLesson(this.state.lesson.id) : undefined);
  /** True while the open lesson step shows exactly its preset. */
  readonly atPreset = $derived.by(() => {
    const l = this.lesson;
    const position = this.state.lesson;
    return !!l && !!position && sameState(this.state, lessonState(CATALOG, l, position.step));
  });

  private readonly client = new LabClient();
  /** Each simulation's last parameters, so switching away and back keeps them. */
  private readonly remembered: Record<string, Params> = {};
  private frameSim = '';
  private completed = 0;
  /** A streamed frame waiting for the next animation frame: frames arriving faster are drawn once. */
  private pending: { frame: LabFrame; sim: string } | null = null;
  /** A timeout, then an animation frame, for the pending frame (both ids are numbers in the browser). */
  private drawRequest = 0;
  private lastDraw = 0;
  private drawMs = 0;
  /** Which documents "collapse on your own text" runs on (never in the URL: they stay in this page). */
  ownTextKey = $state('');

  /** Restores the state a URL describes (on load, on back/forward, on a pasted link). */
  applyRest(rest: string): void {
    if (rest === this.rest) return; // our own change coming back from the URL
    const decoded = decodeLabState(rest, this.catalog);
    this.notes = decoded.notes;
    this.show(decoded.state, decoded.refused ?? null);
  }

  openOverview(): void {
    this.leaveLessonPosition();
    this.notes = [];
    this.show({ ...OVERVIEW }, null);
  }

  private find(id: string) {
    return this.catalog.simulations.find((s) => s.id === id);
  }

  openSimulation(id: string): void {
    const sim = this.find(id);
    if (!sim) return;
    this.leaveLessonPosition();
    const preset = presetParams(sim, this.remembered[id]);
    this.notes = preset.notes;
    this.show(
      { sim: id, params: preset.params, seed: this.state.seed, figure: '', lesson: null },
      preset.refused ?? null,
    );
  }

  setParam(key: string, value: ParamValue): void {
    const sim = this.simulation;
    if (!sim) return;
    const preset = presetParams(sim, { ...this.state.params, [key]: value });
    this.notes = preset.notes;
    // A refused value stays in the control (the learner sees what they asked for, and why it cannot run).
    this.show(
      { ...this.state, params: preset.refused ? { ...this.state.params, [key]: value } : preset.params },
      preset.refused ?? null,
    );
  }

  /** Every parameter back to the simulation's default (the seed stays). */
  resetParams(): void {
    const sim = this.simulation;
    if (!sim) return;
    const preset = presetParams(sim);
    this.notes = preset.notes;
    this.show({ ...this.state, params: preset.params }, preset.refused ?? null);
  }

  setSeed(seed: number): void {
    if (!Number.isInteger(seed)) return;
    this.show({ ...this.state, seed: Math.min(MAX_SEED, Math.max(0, seed)) }, this.refused);
  }

  /** A fresh seed: the same experiment, another draw of its randomness. */
  rollSeed(): void {
    this.setSeed(1 + Math.floor(Math.random() * 1_000_000));
  }

  /** Highlights a figure (again to clear); only the URL changes, nothing re-runs. */
  setFigure(id: string): void {
    this.state = { ...this.state, figure: this.state.figure === id ? '' : id };
  }

  startLesson(id: string, step = 0): void {
    const lesson = findLesson(id);
    if (!lesson) return;
    this.left = null;
    this.notes = [];
    const s = lessonState(CATALOG, lesson, Math.max(0, Math.min(lesson.steps.length - 1, step)));
    this.show(s, presetParams(this.find(s.sim)!, s.params).refused ?? null);
  }

  /** Back to the open step's preset, or to another step. */
  goToStep(step: number): void {
    const position = this.state.lesson ?? this.left;
    if (position) this.startLesson(position.id, step);
  }

  /** Leaves the lesson but keeps what is on screen, to explore freely; the sidebar offers to resume. */
  leaveLesson(): void {
    this.leaveLessonPosition();
    this.state = { ...this.state, lesson: null };
  }

  resumeLesson(): void {
    if (this.left) this.startLesson(this.left.id, this.left.step);
  }

  /** Chooses the documents for "collapse on your own text"; re-runs it when it is open. */
  setOwnText(key: string, texts: string[], name: string): void {
    if (key === this.ownTextKey) return;
    this.ownTextKey = key;
    this.client.setCorpus(key, texts, name);
    if (this.state.sim === OWN_TEXT_ID) {
      this.frame = null;
      this.show(this.state, this.refused);
    }
  }

  /**
   * Reads and checks the learner's verifier file in this page (it is never uploaded) and opens the verifier
   * lab on it. A link to the file view keeps its settings; a refused file leaves the lab as it was. Never
   * rejects: a file that cannot be read or parsed is listed in `verifierErrors`.
   */
  async loadVerifierFile(file: File): Promise<void> {
    let parsed: Awaited<ReturnType<typeof parseVerifierFile>>;
    try {
      parsed = await parseVerifierFile(await file.text(), file.name);
    } catch (error) {
      parsed = { ok: false, errors: [`${file.name} could not be read: ${String(error)}`] };
    }
    if (!parsed.ok) {
      this.verifierErrors = { name: file.name, errors: parsed.errors };
      return;
    }
    this.verifierErrors = null;
    const fromLink = this.state.sim === VERIFIER_FILE_ID && !this.verifier;
    const sim = boundVerifierLab(parsed.data);
    this.verifier = { name: file.name, data: parsed.data, sim, notes: parsed.notes };
    this.client.setVerifierData(`${file.name}:${file.size}:${file.lastModified}:${Date.now()}`, parsed.data);
    delete this.remembered[VERIFIER_FILE_ID]; // another file's thresholds mean nothing for this one
    this.frame = null;
    if (fromLink) {
      const preset = presetParams(sim, this.state.params);
      this.notes = preset.notes;
      this.show({ ...this.state, params: preset.params }, preset.refused ?? null);
    } else this.openSimulation(VERIFIER_FILE_ID);
  }

  /** Some of generation `generation`'s text from the newest run of "collapse on your own text". */
  generationText(generation: number, maxChars = 20_000): Promise<GenerationText | null> {
    return this.client.generationText(generation, maxChars);
  }

  private leaveLessonPosition(): void {
    if (this.state.lesson) this.left = this.state.lesson;
  }

  private show(state: LabState, refused: string | null): void {
    this.state = state;
    this.refused = refused;
    if (state.sim) this.remembered[state.sim] = state.params;
    if (state.sim !== this.frameSim) this.frame = null; // another simulation's plots would mislead
    this.current = false;
    this.dropPending(); // a frame of the previous settings must not be drawn over the new ones
    if (!state.sim || refused) {
      this.client.cancel();
      this.status = { phase: 'idle' };
      return;
    }
    void this.execute(state); // never rejects: the client answers a failed run with its outcome
  }

  private async execute(state: LabState): Promise<void> {
    const requested = performance.now();
    this.status = { phase: 'running', done: 0, total: 1 };
    const outcome = await this.client.run(state.sim, $state.snapshot(state.params), state.seed, (frame) =>
      this.stream(frame, state.sim),
    );
    if (outcome.status !== 'superseded' && outcome.status !== 'cancelled') this.dropPending();
    switch (outcome.status) {
      case 'done':
        this.frame = outcome.frame;
        this.frameSim = state.sim;
        this.current = true;
        this.status = {
          phase: 'done',
          ms: outcome.frame.ms,
          roundTripMs: performance.now() - requested,
          run: ++this.completed,
        };
        break;
      case 'refused':
        this.refused = outcome.error;
        this.status = { phase: 'idle' };
        break;
      case 'failed':
        this.status = { phase: 'failed', error: outcome.error };
        break;
      case 'cancelled':
      case 'superseded':
        break; // a newer run owns the status
    }
  }

  /**
   * Draws a streamed frame at the next animation frame, and leaves the page at least twice the time a draw
   * took before the next one, so a heavy figure set still leaves the page two thirds of its time.
   */
  private stream(frame: LabFrame, sim: string): void {
    this.pending = { frame, sim };
    if (this.drawRequest) return;
    const wait = Math.max(0, this.lastDraw + 2 * this.drawMs - performance.now());
    this.drawRequest = setTimeout(() => {
      this.drawRequest = requestAnimationFrame(() => {
        this.drawRequest = 0;
        const p = this.pending;
        this.pending = null;
        if (!p) return;
        const started = performance.now();
        this.frame = p.frame;
        this.frameSim = p.sim;
        this.status = { phase: 'running', done: p.frame.done, total: p.frame.total };
        flushSync();
        this.lastDraw = performance.now();
        this.drawMs = this.lastDraw - started;
      });
    }, wait) as unknown as number;
  }

  private dropPending(): void {
    if (this.drawRequest) {
      clearTimeout(this.drawRequest);
      cancelAnimationFrame(this.drawRequest);
    }
    this.drawRequest = 0;
    this.pending = null;
  }

  dispose(): void {
    this.dropPending();
    this.client.dispose();
  }
}
