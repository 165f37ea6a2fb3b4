/**
 * The chat template of semisynth-test/bigram-chat: ChatML-like turns after the BOS, refusing a conversation
 * whose roles do not alternate (as real templates do), so the page's layout meets a template that writes
 * headings of its own and one that rejects some records.
 */
export const TEST_CHAT_TEMPLATE =
  '{{ bos_token }}{% for m in messages %}' +
  "{% if m['role'] == 'assistant' and (loop.index0 == 0 or messages[loop.index0 - 1]['role'] == 'assistant') %}" +
  "{{ raise_exception('roles must alternate between user and assistant') }}{% endif %}" +
  "{{ '<|' + m['role'] + '|>\\n' + m['content'] + '\\n' }}{% endfor %}";
