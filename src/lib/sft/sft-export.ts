/**
 * An edited instruction record, in its own structure: the same record with each edited turn's text
 * replaced by its edited text (found through the engine's shifted editable ranges), every other field and
 * turn as it was, then the edit statistics and how the record was laid out. The rendered conversation is
 * not exported: it is the template's, not the user's, text.
 */
import { editedLine, recordStats } from '../toedit/edit-export';
import type { Document } from '../io/problem';
import type { InstructionParts } from './instruction-documents';
import type { DocumentEdit } from '../toedit/edit-engine';
import type { Conversation } from './instruction-records';
import type { SftLayout } from './sft-layout';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The edited text of each edited turn, in the layout's order. */
export function editedContents(edit: Extract<DocumentEdit, { ok: true }>): string[] {
  if (edit.editable === null) throw new Error('the edit was made without editable ranges');
  // Range edges are character boundaries of valid UTF-8 (context bytes never change), so each decodes.
  return edit.editable.map((r) => decoder.decode(edit.bytes.subarray(r.start, r.end)));
}

/** A deep copy of `record` with the turns' texts replaced. */
export function withContents(
  record: Record<string, unknown>,
  conversation: Conversation,
  turns: readonly number[],
  contents: readonly string[],
): Record<string, unknown> {
  const out = structuredClone(record);
  turns.forEach((t, j) => {
    const path = conversation.turns[t].path;
    if (path.length === 1) out[path[0]] = contents[j];
    else (out[path[0]] as Record<string, unknown>[])[path[1]][path[2]] = contents[j];
  });
  return out;
}

/** The exported record of one edited instruction record. */
export function sftExportRecord(
  record: Record<string, unknown>,
  conversation: Conversation,
  layout: SftLayout,
  edit: Extract<DocumentEdit, { ok: true }>,
): Record<string, unknown> {
  return {
    ...withContents(record, conversation, layout.editedTurns, editedContents(edit)),
    semisynth_edit_stats: recordStats(edit.counts),
    semisynth_sft: {
      shape: conversation.shape,
      template: layout.template,
      edited_turns: layout.editedTurns.length,
    },
  };
}

/** The edited-corpus JSONL line of one instruction record, or '' for a document the engine refused. */
export function sftEditedLine(
  record: Record<string, unknown>,
  conversation: Conversation,
  layout: SftLayout,
  edit: DocumentEdit,
): string {
  return edit.ok ? JSON.stringify(sftExportRecord(record, conversation, layout, edit)) + '\n' : '';
}

/** The edited-corpus line of any document: an instruction record in its own structure, another as editedLine. */
export function editedRecordLine(
  doc: Pick<Document, 'record' | 'text'> & { instruction?: InstructionParts },
  edit: DocumentEdit,
): string {
  return doc.instruction && doc.record
    ? sftEditedLine(doc.record, doc.instruction.conversation, doc.instruction.layout, edit)
    : editedLine(doc, edit);
}
