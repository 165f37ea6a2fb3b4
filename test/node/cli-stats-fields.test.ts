/**
 * `semisynth stats --field` with a path that reads some items of a list: the partial counts only the
 * assistant's turns (checked against a plain count of the same texts), the whole conversation stays a
 * choice, and a filter that matches nothing or a malformed path stops the run with what to write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { reportOf } from '../../src/cli/commands/compare-command';
import { chatJsonl, chatRecords, plainCounts, turnTexts } from '../support/chat-fixtures';

/** Each test spawns the command once or twice (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 120_000;

const CHATS = chatRecords(40);

let dir: string;
const at = (name: string) => path.join(dir, name);
const STATS = ['stats', '--progress', 'none'];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-stats-fields-'));
  writeFileSync(at('chat.jsonl'), chatJsonl(CHATS));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `semisynth stats` of the chat file into `out`, with `--field` when given. */
function stats(field: string | undefined, out: string) {
  return runCli([
    ...STATS,
    '-i',
    at('chat.jsonl'),
    '-o',
    at(out),
    ...(field === undefined ? [] : ['--field', field]),
  ]);
}

async function statsOf(field: string | undefined, out: string) {
  const r = await stats(field, out);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  const report = await reportOf(at(out));
  return {
    documents: report.counts.documents,
    tokens: report.counts.tokens,
    bytes: report.counts.bytes,
    types: report.types.unigrams.value,
  };
}

describe('semisynth stats --field with a speaker filter', () => {
  it(
    'messages[role=assistant].content counts only the assistant’s turns',
    async () => {
      const assistant = turnTexts(CHATS, 'assistant');
      const got = await statsOf('messages[role=assistant].content', 'assistant.json');
      expect(got).toEqual(plainCounts(assistant));
      // …which is what a chat file gives by default.
      expect(await statsOf(undefined, 'default.json')).toEqual(got);

      // The whole conversation is still a choice, and counts more: the filter is what made the difference.
      const whole = turnTexts(CHATS);
      const all = await statsOf('messages[].content', 'whole.json');
      expect(all).toEqual(plainCounts(whole));
      expect(all.tokens).toBeGreaterThan(got.tokens);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'a filter that matches no turn stops the run, naming the line, the field and what to choose',
    async () => {
      const r = await stats('messages[role=Assistant].content', 'none.json');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(
        'chat.jsonl: field "messages[role=Assistant].content" picks no text in the first 40 records — on line 1 it matches no item: no item of "messages" has role "Assistant" (its values of "role": "system", "user", "assistant"). — The value is compared exactly, case included. Choose "messages[].content" to read every item.',
      );
      expect(r.stderr).toContain('messages[role=assistant].content');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'a malformed path stops the run with how to write one',
    async () => {
      const r = await stats('messages[role=assistant.content', 'bad.json');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(
        'field "messages[role=assistant.content" is a malformed path: its "[" and "]" do not pair up. — Write a list\'s items as "a[]", "a[].b", or "a[key=value].b"',
      );
    },
    SPAWNS_TIMEOUT,
  );
});
