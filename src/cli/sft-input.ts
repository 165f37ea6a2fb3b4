/**
 * `--sft`: instruction data for `score` and `edit`. Each record is recognised (Alpaca, prompt/response,
 * prompt/completion, question/answer, messages[], ShareGPT conversations[]) and laid out as one text — the
 * model's chat template when its tokenizer has one, else the plain template — with the responses as the
 * only editable bytes. Records that are not instruction records are skipped and said, as bad records are.
 */
import { stringOption, type Parsed } from './args';
import { CliError, EXIT } from './cli-error';
import { formatProblem } from './cli-messages';
import { log } from './cli-process';
import type { Document } from '../lib/io/problem';
import {
  describeInstructions,
  instructionDocument,
  recogniseDocument,
  type InstructionDocument,
} from '../lib/sft/instruction-documents';
import type { Problem } from '../lib/io/problem';
import { INSTRUCTION_SHAPES, type EditedTurns, type InstructionShape } from '../lib/sft/instruction-records';
import type { RecipeSft } from '../lib/toedit/edit-export';
import type { TransformersPrior } from '../lib/scoring/transformers/transformers-prior';

export const SFT_OPTIONS = {
  sft: { type: 'string' },
  'sft-turns': { type: 'string' },
  'sft-template': { type: 'string' },
} as const;

export const SFT_HELP = `Instruction data (see the README's "Instruction data"):
      --sft S          off (default), auto (each record's fields say its shape), or one shape:
                       ${INSTRUCTION_SHAPES.join(', ')}; the response is scored given the
                       instruction, and only response tokens are flagged and edited
      --sft-turns T    all (default: every assistant turn) or last (only the final one)
      --sft-template T auto (default: the model's chat template when it has one, else plain) or plain
`;

export interface SftSetting extends RecipeSft {
  shape: InstructionShape | 'auto';
  edited: EditedTurns;
}

/** The --sft options (or, where not given, a recipe's), or null for plain documents. */
export function sftSetting(p: Parsed, recipe?: RecipeSft): SftSetting | null {
  const shape = stringOption(p, 'sft') ?? recipe?.shape ?? 'off';
  const turns = stringOption(p, 'sft-turns') ?? recipe?.edited ?? 'all';
  const template = stringOption(p, 'sft-template') ?? recipe?.template ?? 'auto';
  const shapes = ['off', 'auto', ...INSTRUCTION_SHAPES];
  if (!shapes.includes(shape))
    throw new CliError(`--sft ${shape}: expected one of ${shapes.join(', ')}`, EXIT.usage);
  if (turns !== 'all' && turns !== 'last')
    throw new CliError(`--sft-turns ${turns}: expected all or last`, EXIT.usage);
  if (template !== 'auto' && template !== 'plain')
    throw new CliError(`--sft-template ${template}: expected auto or plain`, EXIT.usage);
  if (shape === 'off') {
    if (p.values['sft-turns'] !== undefined || p.values['sft-template'] !== undefined)
      throw new CliError('--sft-turns and --sft-template need --sft', EXIT.usage, 'e.g. --sft auto');
    return null;
  }
  return { shape: shape as SftSetting['shape'], edited: turns, template };
}

/** Leaves out, before numbering, the records that are not instruction records (null: plain documents). */
export function sftReject(
  setting: SftSetting | null,
): ((doc: Omit<Document, 'index'>) => Problem | null) | null {
  if (setting === null) return null;
  return (doc) => {
    const r = recogniseDocument(doc, setting);
    return r.ok ? null : r.problem;
  };
}

/**
 * A shard's documents as instruction documents, rendered with `prior`'s chat template or the plain one.
 * Records the chat template cannot lay out are logged and skipped; a shard where none can be stops the run.
 */
export function instructionDocuments(
  setting: SftSetting,
  docs: readonly Document[],
  prior: Pick<TransformersPrior, 'chatRender'>,
): InstructionDocument[] {
  const render = setting.template === 'plain' ? null : prior.chatRender();
  const out: InstructionDocument[] = [];
  const problems: string[] = [];
  for (const doc of docs) {
    const r = instructionDocument(doc, { shape: setting.shape, edited: setting.edited, render });
    if (r.ok) out.push(r.doc);
    else problems.push(formatProblem(r.problem));
  }
  if (docs.length > 0 && out.length === 0)
    throw new CliError(
      `no record could be laid out:\n${problems
        .slice(0, 5)
        .map((x) => `  ${x}`)
        .join('\n')}` + (problems.length > 5 ? `\n  … and ${problems.length - 5} more` : ''),
      EXIT.badInput,
      'Try --sft-template plain.',
    );
  for (const x of problems) log(x);
  log(describeInstructions(out));
  return out;
}
