/**
 * Instruction (SFT) records recognised in a JSON record, as a conversation of turns: Alpaca
 * (`instruction`, optional `input`, `output`), `prompt`/`response`, `prompt`/`completion`,
 * `question`/`answer`, chat `messages[]` of `{role, content}` and ShareGPT `conversations[]` of
 * `{from, value}`. Each turn remembers where its text sits in the record, so an edited response is written
 * back in place. A record that is not one of these, or is one badly, gets a problem saying which field and
 * what to do.
 */
import type { FieldProblem } from '../io/record-text';
import { describeValue, isPlainObject } from '../io/json-values';

export type InstructionShape =
  'alpaca' | 'prompt-response' | 'prompt-completion' | 'question-answer' | 'messages' | 'sharegpt';

export const INSTRUCTION_SHAPES: readonly InstructionShape[] = [
  'alpaca',
  'prompt-response',
  'prompt-completion',
  'question-answer',
  'messages',
  'sharegpt',
];

/** `input` is Alpaca's optional context: a user turn the plain template heads "### Input:". */
export type TurnRole = 'system' | 'user' | 'input' | 'assistant';

/** Where a turn's text is in the record: a top-level key, or the key of one item of a list. */
export type TurnPath = readonly [key: string] | readonly [list: string, index: number, key: string];

export interface Turn {
  role: TurnRole;
  content: string;
  path: TurnPath;
}

export interface Conversation {
  shape: InstructionShape;
  turns: Turn[];
}

/** Which assistant turns are edited: every one, or only the last (which must then end the conversation). */
export type EditedTurns = 'all' | 'last';

export type Recognised = { ok: true; conversation: Conversation } | { ok: false; problem: FieldProblem };

/** The two-field shapes: [shape, prompt key, response key]. */
const PAIRS: readonly [InstructionShape, string, string][] = [
  ['prompt-response', 'prompt', 'response'],
  ['prompt-completion', 'prompt', 'completion'],
  ['question-answer', 'question', 'answer'],
];

/** The shape a record's keys say it has, or null (checked in the order of INSTRUCTION_SHAPES). */
export function detectShape(record: Record<string, unknown>): InstructionShape | null {
  const has = (k: string) => Object.hasOwn(record, k);
  if (has('instruction') && has('output')) return 'alpaca';
  for (const [shape, prompt, response] of PAIRS) if (has(prompt) && has(response)) return shape;
  if (has('messages')) return 'messages';
  if (has('conversations')) return 'sharegpt';
  return null;
}

function problem(field: string, detail: string, hint: string): Recognised {
  return { ok: false, problem: { severity: 'error', field, detail: `${detail}; skipped`, hint } };
}

/** A string at `key`, or the problem with it. */
function text(record: Record<string, unknown>, key: string, shape: string): string | Recognised {
  if (!Object.hasOwn(record, key))
    return problem(key, `field "${key}" is missing`, `A ${shape} record needs "${key}".`);
  const v = record[key];
  if (typeof v !== 'string')
    return problem(key, `field "${key}" is ${describeValue(v)}, not text`, 'Store it as a string.');
  return v;
}

const SHAREGPT_ROLES: Record<string, TurnRole> = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
};
const CHAT_ROLES: readonly string[] = ['system', 'user', 'assistant'];

function turnsOf(record: Record<string, unknown>, shape: 'messages' | 'sharegpt'): Turn[] | Recognised {
  const [list, roleKey, contentKey] =
    shape === 'messages' ? ['messages', 'role', 'content'] : ['conversations', 'from', 'value'];
  const items = record[list];
  if (!Array.isArray(items))
    return problem(
      list,
      `field "${list}" is ${describeValue(items)}, not a list of turns`,
      'Store the turns as a JSON array.',
    );
  const roles = shape === 'messages' ? CHAT_ROLES : Object.keys(SHAREGPT_ROLES);
  const turns: Turn[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    const where = `${list}[${i}]`;
    if (!isPlainObject(item))
      return problem(
        where,
        `${where} is ${describeValue(item)}, not a turn`,
        `Each turn is {"${roleKey}": …, "${contentKey}": …}.`,
      );
    const role = item[roleKey];
    if (typeof role !== 'string' || !roles.includes(role))
      return problem(
        `${where}.${roleKey}`,
        `${where}.${roleKey} is ${typeof role === 'string' ? `"${role}"` : describeValue(role)}`,
        `Use one of ${roles.join(', ')}.`,
      );
    const content = item[contentKey];
    if (typeof content !== 'string')
      return problem(
        `${where}.${contentKey}`,
        `${where}.${contentKey} is ${describeValue(content)}, not text`,
        'Only text turns can be scored: store the content as a string.',
      );
    turns.push({
      role: shape === 'messages' ? (role as TurnRole) : SHAREGPT_ROLES[role],
      content,
      path: [list, i, contentKey],
    });
  }
  return turns;
}

/**
 * The record as a conversation of shape `shape` ('auto': what its keys say). With `edited` 'last', the
 * conversation must end with an assistant turn; either way it must have one with text.
 */
export function recogniseInstruction(
  record: Record<string, unknown>,
  shape: InstructionShape | 'auto',
  edited: EditedTurns = 'all',
): Recognised {
  const chosen = shape === 'auto' ? detectShape(record) : shape;
  if (chosen === null)
    return problem(
      '',
      `not an instruction record (its fields: ${Object.keys(record).join(', ') || 'none'})`,
      'Instruction records have instruction/output, prompt/response, prompt/completion, question/answer, messages[] or conversations[].',
    );
  let turns: Turn[];
  switch (chosen) {
    case 'alpaca': {
      const instruction = text(record, 'instruction', 'Alpaca');
      if (typeof instruction !== 'string') return instruction;
      turns = [{ role: 'user', content: instruction, path: ['instruction'] }];
      if (Object.hasOwn(record, 'input') && record.input !== null) {
        const input = text(record, 'input', 'Alpaca');
        if (typeof input !== 'string') return input;
        // An empty input is Alpaca's "no context": the template leaves its section out.
        if (input !== '') turns.push({ role: 'input', content: input, path: ['input'] });
      }
      const output = text(record, 'output', 'Alpaca');
      if (typeof output !== 'string') return output;
      turns.push({ role: 'assistant', content: output, path: ['output'] });
      break;
    }
    case 'prompt-response':
    case 'prompt-completion':
    case 'question-answer': {
      const [, promptKey, responseKey] = PAIRS.find(([s]) => s === chosen)!;
      const prompt = text(record, promptKey, chosen);
      if (typeof prompt !== 'string') return prompt;
      const response = text(record, responseKey, chosen);
      if (typeof response !== 'string') return response;
      turns = [
        { role: 'user', content: prompt, path: [promptKey] },
        { role: 'assistant', content: response, path: [responseKey] },
      ];
      break;
    }
    case 'messages':
    case 'sharegpt': {
      const read = turnsOf(record, chosen);
      if (!Array.isArray(read)) return read;
      turns = read;
      break;
    }
  }
  const list = chosen === 'messages' ? 'messages' : chosen === 'sharegpt' ? 'conversations' : '';
  const assistants = turns.filter((t) => t.role === 'assistant');
  if (assistants.length === 0)
    return problem(
      list,
      `${list ? `"${list}"` : 'this record'} has no assistant turn`,
      'Only assistant turns are edited: add the response.',
    );
  if (edited === 'last' && turns[turns.length - 1].role !== 'assistant')
    return problem(
      list,
      `the last turn of "${list}" is the ${turns[turns.length - 1].role}'s, not the assistant's`,
      'With only the last turn edited, the conversation must end with the response (or edit every assistant turn).',
    );
  const editedTurns = edited === 'last' ? [turns[turns.length - 1]] : assistants;
  if (editedTurns.every((t) => !t.content.trim()))
    return problem(
      editedTurns.length === 1 ? pathName(editedTurns[0].path) : list,
      'the response is empty',
      'There is nothing to edit: fill in the response or leave the record out.',
    );
  return { ok: true, conversation: { shape: chosen, turns } };
}

/** "output", "messages[2].content": a turn's field as messages name it. */
export function pathName(path: TurnPath): string {
  return path.length === 1 ? path[0] : `${path[0]}[${path[1]}].${path[2]}`;
}

/** Whether turn `i` of `turns` is edited under `edited`. */
export function isEditedTurn(turns: readonly Turn[], i: number, edited: EditedTurns): boolean {
  return turns[i].role === 'assistant' && (edited === 'all' || i === turns.length - 1);
}
