/**
 * Conversations laid out with a chat template that runs elsewhere (on the page, the prior worker holds the
 * tokenizer): one call renders every conversation twice, as it is and with markers (chatRequest), and each
 * layout is read from its two renderings, or refused with why, one conversation at a time.
 */
import type { Conversation, EditedTurns } from './instruction-records';
import { chatLayoutOf, chatRequest, templateFailed, type ChatLayout, type ChatMessage } from './sft-layout';

/** Each conversation's rendering or the template's error; null when there is no chat template. */
export type RenderChats = (conversations: ChatMessage[][]) => Promise<(string | { error: string })[] | null>;

/** The conversations' layouts in order, or null when `render` has no template to offer. */
export async function chatLayouts(
  conversations: readonly Conversation[],
  edited: EditedTurns,
  render: RenderChats,
): Promise<ChatLayout[] | null> {
  const requests = conversations.map((c) => chatRequest(c, edited));
  const rendered = await render(requests.flatMap((r) => [r.messages, r.marked]));
  if (rendered === null) return null;
  if (rendered.length !== 2 * requests.length)
    throw new Error(`the chat template answered ${rendered.length} renderings for ${2 * requests.length}`);
  return requests.map((request, i) => {
    const real = rendered[2 * i];
    const marked = rendered[2 * i + 1];
    if (typeof real !== 'string') return templateFailed(real.error);
    if (typeof marked !== 'string') return templateFailed(marked.error);
    return chatLayoutOf(request, real, marked);
  });
}
