/**
 * An instruction record laid out for scoring: the whole conversation as one text (so every response token
 * is conditioned on the instruction and the turns before it, in one teacher-forced pass) and the byte
 * ranges of that text the editor may change (the edited assistant turns' contents).
 *
 * Two renderings: the tokenizer's chat template, when it has one (the render function runs where the
 * tokenizer is), and otherwise the plain template below, which the README documents:
 *
 *   ### System:\n{system}\n\n### Instruction:\n{user}\n\n### Input:\n{input}\n\n### Response:\n{assistant}
 *
 * — one "### Heading:\n{content}" section per turn, in order, sections a blank line apart, nothing after
 * the last.
 */
import type { ByteRange } from '../toedit/editable-ranges';
import { utf8Length } from '../scoring/tokens/utf8-length';
import { isEditedTurn, type Conversation, type EditedTurns, type TurnRole } from './instruction-records';

export type SftTemplate = 'plain' | 'chat';

export interface SftLayout {
  text: string;
  /** Editable byte ranges of `text`, one per edited turn, in order. */
  editable: ByteRange[];
  /** The index in the conversation's turns of each editable range's turn. */
  editedTurns: number[];
  template: SftTemplate;
}

export const PLAIN_HEADINGS: Readonly<Record<TurnRole, string>> = {
  system: '### System:\n',
  user: '### Instruction:\n',
  input: '### Input:\n',
  assistant: '### Response:\n',
};
export const PLAIN_SEPARATOR = '\n\n';

/** The conversation in the plain template. */
export function plainLayout(conversation: Conversation, edited: EditedTurns): SftLayout {
  const parts: string[] = [];
  const editable: ByteRange[] = [];
  const editedTurns: number[] = [];
  let bytes = 0;
  const add = (s: string) => {
    parts.push(s);
    bytes += utf8Length(s);
  };
  conversation.turns.forEach((turn, i) => {
    if (i > 0) add(PLAIN_SEPARATOR);
    add(PLAIN_HEADINGS[turn.role]);
    const start = bytes;
    add(turn.content);
    if (isEditedTurn(conversation.turns, i, edited)) {
      editable.push({ start, end: bytes });
      editedTurns.push(i);
    }
  });
  return { text: parts.join(''), editable, editedTurns, template: 'plain' };
}

/** A chat message as chat templates take it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Renders messages with a tokenizer's chat template (no generation prompt: the response is in the text). */
export type ChatRender = (messages: ChatMessage[]) => string;

export type ChatLayout = { ok: true; layout: SftLayout } | { ok: false; error: string };

/**
 * Private-use characters around each edited turn's index: no template writes them, and they cannot be
 * mistaken for text, so where they land is where that turn's content lands.
 */
const marker = (i: number) => `\u{F0000}${i}\u{F0001}`;
const MARKER = /\u{F0000}(\d+)\u{F0001}/gu;

/** What a chat template renders for one conversation: the messages, and the same with markers for the responses. */
export interface ChatRequest {
  messages: ChatMessage[];
  marked: ChatMessage[];
  /** The conversation turn of each message, and the messages whose content is edited. */
  messageTurn: number[];
  editedMessages: number[];
}

/**
 * The messages a chat template renders for a conversation. An Alpaca input joins its instruction's message
 * (templates take alternating user and assistant turns), a blank line apart. The content's place is found
 * by rendering twice: as it is, and with each edited turn's content replaced by a marker (chatLayoutOf).
 */
export function chatRequest(conversation: Conversation, edited: EditedTurns): ChatRequest {
  const messages: ChatMessage[] = [];
  const messageTurn: number[] = [];
  conversation.turns.forEach((turn, i) => {
    const last = messages[messages.length - 1];
    if (turn.role === 'input' && last?.role === 'user') last.content += PLAIN_SEPARATOR + turn.content;
    else {
      messages.push({ role: turn.role === 'input' ? 'user' : turn.role, content: turn.content });
      messageTurn.push(i);
    }
  });
  const editedMessages = messages.flatMap((_, m) =>
    isEditedTurn(conversation.turns, messageTurn[m], edited) ? [m] : [],
  );
  const marked = messages.map((msg, m) =>
    editedMessages.includes(m) ? { ...msg, content: marker(m) } : msg,
  );
  return { messages, marked, messageTurn, editedMessages };
}

/**
 * The layout from a request's two renderings (where the template ran: the prior worker on the page). The
 * real rendering must be exactly the marked one's pieces with the contents put back, or the template changes
 * the content (trims it, escapes it) or leaves a turn out, and the layout is refused rather than a score
 * misplaced.
 */
export function chatLayoutOf(request: ChatRequest, real: string, marked: string): ChatLayout {
  const { messages, messageTurn, editedMessages } = request;
  const pieces = marked.split(MARKER); // literal, index, literal, index, …, literal
  const found = pieces.filter((_, j) => j % 2 === 1).map(Number);
  if (found.length !== editedMessages.length || found.some((m, j) => m !== editedMessages[j]))
    return {
      ok: false,
      error:
        'the chat template does not write each assistant turn once, in order (it leaves out or repeats a turn): ' +
        'its responses cannot be located; use the plain template',
    };
  const parts: string[] = [];
  const editable: ByteRange[] = [];
  let bytes = 0;
  pieces.forEach((piece, j) => {
    const content = j % 2 === 0 ? piece : messages[Number(piece)].content;
    const start = bytes;
    parts.push(content);
    bytes += utf8Length(content);
    if (j % 2 === 1) editable.push({ start, end: bytes });
  });
  const text = parts.join('');
  if (text !== real)
    return {
      ok: false,
      error:
        'the chat template changes the assistant turns as it writes them (it trims or rewrites their text), ' +
        'so their bytes cannot be located exactly; use the plain template',
    };
  return {
    ok: true,
    layout: { text, editable, editedTurns: editedMessages.map((m) => messageTurn[m]), template: 'chat' },
  };
}

/** The conversation through a chat template that runs here (the command line's tokenizer). */
export function chatLayout(conversation: Conversation, edited: EditedTurns, render: ChatRender): ChatLayout {
  const request = chatRequest(conversation, edited);
  let real: string;
  let marked: string;
  try {
    real = render(request.messages);
    marked = render(request.marked);
  } catch (error) {
    return templateFailed((error as Error).message);
  }
  return chatLayoutOf(request, real, marked);
}

/** A conversation the chat template itself rejects (roles that do not alternate, …). */
export function templateFailed(message: string): ChatLayout {
  return { ok: false, error: `the chat template failed on this conversation: ${message}` };
}
