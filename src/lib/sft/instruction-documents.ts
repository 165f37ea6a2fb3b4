/**
 * Documents read from a file, turned into instruction documents: each record recognised and laid out, its
 * text replaced by the rendered conversation. Records that are not instruction records (or are bad ones)
 * are left out with a problem naming their line and field, as the readers do for a bad record.
 */
import { renderProblem, type Document, type Problem } from '../io/problem';
import {
  recogniseInstruction,
  type Conversation,
  type EditedTurns,
  type InstructionShape,
} from './instruction-records';
import { chatLayout, plainLayout, type ChatRender, type SftLayout } from './sft-layout';

/** What an instruction document carries besides its text: the record as turns, and its layout. */
export interface InstructionParts {
  conversation: Conversation;
  layout: SftLayout;
}

export interface InstructionDocument extends Document, InstructionParts {
  record: Record<string, unknown>;
}

export interface InstructionSettings {
  shape: InstructionShape | 'auto';
  edited: EditedTurns;
  /** The tokenizer's chat template, or null for the plain template. */
  render: ChatRender | null;
}

export type InstructionResult = { ok: true; doc: InstructionDocument } | { ok: false; problem: Problem };

type Unnumbered = Omit<Document, 'index'>;

function where(doc: Unnumbered) {
  return { source: doc.origin.source, ...(doc.origin.line === undefined ? {} : { line: doc.origin.line }) };
}

/** The document's record as a conversation, or the problem that leaves it out (before it is numbered). */
export function recogniseDocument(
  doc: Unnumbered,
  settings: Pick<InstructionSettings, 'shape' | 'edited'>,
): { ok: true; conversation: Conversation } | { ok: false; problem: Problem } {
  if (doc.record === undefined)
    return {
      ok: false,
      problem: renderProblem({
        ...where(doc),
        severity: 'error',
        detail: 'plain text is not an instruction record; skipped',
        hint: 'Instruction data comes as JSON Lines or Parquet records.',
      }),
    };
  const recognised = recogniseInstruction(doc.record, settings.shape, settings.edited);
  if (!recognised.ok) return { ok: false, problem: renderProblem({ ...where(doc), ...recognised.problem }) };
  return recognised;
}

/** A record the chat template cannot lay out, skipped (its number kept: the edit seed uses it). */
export function layoutProblem(doc: Unnumbered, error: string): Problem {
  return renderProblem({ ...where(doc), severity: 'error', detail: `${error}; skipped` });
}

/** One document as an instruction document, or its problem. */
export function instructionDocument(doc: Document, settings: InstructionSettings): InstructionResult {
  const recognised = recogniseDocument(doc, settings);
  if (!recognised.ok) return recognised;
  const { conversation } = recognised;
  let layout: SftLayout;
  if (settings.render === null) layout = plainLayout(conversation, settings.edited);
  else {
    const chat = chatLayout(conversation, settings.edited, settings.render);
    if (!chat.ok) return { ok: false, problem: layoutProblem(doc, chat.error) };
    layout = chat.layout;
  }
  return { ok: true, doc: { ...doc, text: layout.text, record: doc.record!, conversation, layout } };
}

/** "instruction data: 3 alpaca, 1 messages (plain template)": what was recognised, for a log line. */
export function describeInstructions(docs: readonly InstructionDocument[]): string {
  const shapes = new Map<string, number>();
  const templates = new Set<string>();
  for (const d of docs) {
    shapes.set(d.conversation.shape, (shapes.get(d.conversation.shape) ?? 0) + 1);
    templates.add(d.layout.template);
  }
  const list = [...shapes].map(([shape, n]) => `${n} ${shape}`).join(', ');
  return `instruction data: ${list || 'no records'} (${[...templates].join(' and ') || 'no'} template)`;
}
