/** A copy of the bigram test model whose tokenizer has a chat template (the generated models have none). */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from './node-prior';

/** Copies semisynth-test/bigram to `folder` with `template` as tokenizer_config.json's chat_template. */
export function bigramWithChatTemplate(folder: string, template: string): string {
  cpSync(path.join(MODELS_DIR, 'semisynth-test/bigram'), folder, { recursive: true });
  const file = path.join(folder, 'tokenizer_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...config, chat_template: template }));
  return folder;
}
