/** `semisynth edit`: token-level editing of every document, with the page's export bytes. */
import { numberOption, parseCommand, stringOption, type Parsed } from '../args';
import { CliError, EXIT } from '../cli-error';
import { log } from '../cli-process';
import { runAll } from '../scored-run';
import { RUN_HELP, RUN_OPTIONS, runBase, runSetup, readText } from './run-options';
import { jobId, type RunFiles } from '../run-output';
import {
  DEFAULT_CONFIG,
  editDocument,
  FLAG_RULES,
  SAMPLERS,
  validateConfig,
  type ToEditConfig,
} from '../../lib/toedit';
import {
  editedLine,
  editLogLine,
  editRecipe,
  parseRecipe,
  type EditRecipe,
} from '../../lib/toedit/edit-export';
import type { Document } from '../../lib/io/problem';
import type { InstructionDocument } from '../../lib/sft/instruction-documents';
import { sftEditedLine } from '../../lib/sft/sft-export';
import { instructionDocuments, SFT_HELP, SFT_OPTIONS, sftReject, sftSetting } from '../sft-input';
import { vocabularyOf, type Vocabulary } from '../../lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../lib/scoring/transformers/transformers-prior';

export const EDIT_HELP = `semisynth edit — token-level editing (ToEdit) of a corpus, as the Text page does it

Usage:
  semisynth edit --model M --input FILE... --output OUT.jsonl|OUT.parquet [settings] [--shard I/N]

Writes OUT.jsonl (every original field in its order, then semisynth_edited_text and
semisynth_edit_stats: byte for byte the page's "Export edited (JSONL)"), OUT.edit-log.jsonl (every
flagged token's decision) and OUT.recipe.json (model, settings, seed: what reproduces the run).
OUT.parquet holds the same records as a table: one column per field in the JSONL's order (text,
booleans and numbers as STRING, BOOLEAN, DOUBLE; objects, arrays and mixed fields as JSON), null where a
record lacks the field, and the recipe in its metadata (semisynth.recipe). Shards write JSON Lines parts;
the whole run, or semisynth merge, writes the table.

Settings (default: the reference, p > 0.99, top-k 8, β 1.5, seed 0):
      --recipe FILE    a recipe exported by the page or by this command; options below override it
      --rule R         ${FLAG_RULES.join(', ')}
      --tau T          threshold τ (default ${DEFAULT_CONFIG.tau})
      --drop-below D   delete tokens below this p (low_drop_up_revise, filtering; default ${DEFAULT_CONFIG.dropBelow})
      --sampler S      ${SAMPLERS.join(', ')}
      --k K            candidates per flagged token (default ${DEFAULT_CONFIG.k})
      --beta B         temperature β (default ${DEFAULT_CONFIG.beta})
      --top-p P        nucleus mass for --sampler top-p (default ${DEFAULT_CONFIG.topP})
      --force-change   never keep the original token when another candidate exists
      --seed N         the run's seed; document i is edited with a seed derived from (N, i)
${SFT_HELP}  With --sft, OUT.jsonl holds each record in its own structure with the edited response(s) in
  place, then semisynth_edit_stats (response tokens only) and semisynth_sft (shape, template).
${RUN_HELP}
Example:
  semisynth edit --model semisynth-test/bigram --input corpus.jsonl --output edited.jsonl --seed 7
`;

const EDIT_OPTIONS = {
  ...RUN_OPTIONS,
  ...SFT_OPTIONS,
  recipe: { type: 'string' },
  rule: { type: 'string' },
  tau: { type: 'string' },
  'drop-below': { type: 'string' },
  sampler: { type: 'string' },
  k: { type: 'string' },
  beta: { type: 'string' },
  'top-p': { type: 'string' },
  'force-change': { type: 'boolean' },
  seed: { type: 'string' },
} as const;

function settings(p: Parsed): { config: ToEditConfig; seed: number; recipe: EditRecipe | null } {
  let recipe: EditRecipe | null = null;
  const recipeFile = stringOption(p, 'recipe');
  if (recipeFile !== undefined) {
    const parsed = parseRecipe(readText(recipeFile, '--recipe'));
    if (!parsed.ok)
      throw new CliError(`--recipe ${recipeFile}:\n${parsed.problems.map((x) => `  ${x}`).join('\n')}`);
    recipe = parsed.recipe;
  }
  const config: ToEditConfig = { ...(recipe?.config ?? DEFAULT_CONFIG) };
  const rule = stringOption(p, 'rule');
  if (rule !== undefined) {
    if (!(FLAG_RULES as readonly string[]).includes(rule))
      throw new CliError(`--rule ${rule}: expected one of ${FLAG_RULES.join(', ')}`, EXIT.usage);
    config.rule = rule as ToEditConfig['rule'];
  }
  const sampler = stringOption(p, 'sampler');
  if (sampler !== undefined) {
    if (!(SAMPLERS as readonly string[]).includes(sampler))
      throw new CliError(`--sampler ${sampler}: expected one of ${SAMPLERS.join(', ')}`, EXIT.usage);
    config.sampler = sampler as ToEditConfig['sampler'];
  }
  const unit = { min: 0, max: 1 };
  config.tau = numberOption(p, 'tau', unit) ?? config.tau;
  config.dropBelow = numberOption(p, 'drop-below', unit) ?? config.dropBelow;
  config.k = numberOption(p, 'k', { min: 1, max: 1024, integer: true }) ?? config.k;
  config.beta = numberOption(p, 'beta', { min: Number.MIN_VALUE, max: 1e6 }) ?? config.beta;
  config.topP = numberOption(p, 'top-p', unit) ?? config.topP;
  if (p.values['force-change'] === true) config.forceChange = true;
  const issues = validateConfig(config);
  if (issues.length > 0)
    throw new CliError(
      `the editing settings are not valid:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}`,
      EXIT.usage,
    );
  const seed =
    numberOption(p, 'seed', { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true }) ??
    recipe?.seed ??
    0;
  return { config, seed, recipe };
}

export async function editCommand(argv: string[], semisynth: string): Promise<number> {
  const p = parseCommand('edit', argv, EDIT_OPTIONS, EDIT_HELP);
  if (!p) return EXIT.ok;
  const { config, seed, recipe } = settings(p);
  const sft = sftSetting(p, recipe?.sft);
  const setup = await runSetup('edit', p, recipe?.model.id, sftReject(sft));
  if (recipe && recipe.model.id !== setup.model)
    log(`the recipe was made with ${recipe.model.id}; --model ${setup.model} will give other output`);
  // The page scores 8 alternatives whatever k is; a recipe says how many its scores kept.
  const k = Math.max(recipe?.scoredK ?? 8, config.k);
  const job = await jobId('edit', setup.inputs, {
    model: setup.model,
    dtype: setup.dtype,
    ...setup.deviceSetting,
    field: setup.field ?? null,
    k,
    config,
    seed,
    ...(sft ? { sft } : {}),
  });
  let vocabulary: Vocabulary | null = null;
  const run = {
    kind: 'edit' as const,
    ...runBase(setup, job, semisynth, k),
    prior: async () => {
      const prior = await setup.prior();
      vocabulary ??= vocabularyOf(prior.vocabularyBytes());
      return prior;
    },
    ...(sft
      ? { prepare: (docs: Document[], prior: TransformersPrior) => instructionDocuments(sft, docs, prior) }
      : {}),
    onScored: (files: RunFiles, doc: Document, scores: Parameters<typeof editDocument>[1]) => {
      // With --sft every document is an InstructionDocument (prepare made it so).
      const instruction = sft ? (doc as InstructionDocument) : null;
      const edit = editDocument(
        doc.text,
        scores,
        config,
        seed,
        doc.index,
        vocabulary!,
        instruction?.layout.editable ?? null,
      );
      if (!edit.ok)
        log(
          `${doc.origin.source}${doc.origin.line === undefined ? '' : `, line ${doc.origin.line}`}: not edited: ${edit.error}`,
        );
      files.write(
        'edits.jsonl',
        instruction
          ? sftEditedLine(instruction.record, instruction.conversation, instruction.layout, edit)
          : editedLine(doc, edit),
      );
      files.write('edit-log.jsonl', editLogLine(doc, edit));
    },
    onCommit: (files: RunFiles, prior: Awaited<ReturnType<typeof setup.prior>>) => {
      files.write(
        'recipe.json',
        JSON.stringify(
          { ...editRecipe(semisynth, prior.info, k, config, seed), ...(sft ? { sft } : {}) },
          null,
          2,
        ) + '\n',
      );
    },
  };
  await runAll(run, setup);
  return EXIT.ok;
}
