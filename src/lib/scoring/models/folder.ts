import type { Problem } from '../../io/problem';
import { describeValue, isPlainObject, jsonErrorAt } from '../../io/json-values';
import { dataFileName, dtypeOfModelFile, dtypeOrder, type ModelDtype } from './dtype-files';

export type { ModelDtype } from './dtype-files';

/** A file from a picked folder; `path` as `webkitRelativePath` gives it, e.g. "my-model/onnx/model.onnx". */
export interface FolderEntry {
  path: string;
  size: number;
}

export interface DtypeWeights {
  dtype: ModelDtype;
  /** Relative to the model folder, e.g. "onnx/model_q4.onnx". */
  file: string;
  size: number;
  /** External weight files that belong to it ("onnx/model.onnx_data", "…_data_1"), present in the folder. */
  dataFiles: string[];
}

export interface ModelFolderCheck<F extends FolderEntry> {
  /** The picked folder's own name ("" when the paths had no common top-level folder). */
  root: string;
  /** Every file by its path inside the model folder (root stripped); hidden files such as .git/ are left out. */
  files: Map<string, F>;
  /** Usable weights, in transformers.js dtype order; empty or broken files are reported, not listed. */
  dtypes: DtypeWeights[];
  config?: Record<string, unknown>;
  modelType?: string;
  problems: Problem[];
}

const REQUIRED: [file: string, purpose: string][] = [
  ['config.json', 'it describes the model architecture (model_type, layer sizes)'],
  ['tokenizer.json', 'it holds the vocabulary and the rules for splitting text into tokens'],
  ['tokenizer_config.json', 'it holds tokenizer settings such as the special tokens'],
];

const INTERRUPTED = 'the download was probably interrupted';
const REDOWNLOAD = "Download it again from the model's page on Hugging Face.";

/**
 * Checks a picked model folder before anything is loaded: required files present and parseable,
 * which dtypes have weights, and the usual ways downloads go wrong (empty files, Git LFS pointers).
 */
export async function checkModelFolder<F extends FolderEntry>(
  entries: readonly F[],
  readText: (entry: F) => Promise<string>,
): Promise<ModelFolderCheck<F>> {
  const paths = entries.map((e) => e.path.replace(/\\/g, '/').replace(/^\.?\//, ''));
  const root = commonRoot(paths);
  const files = new Map<string, F>();
  paths.forEach((p, i) => {
    const rel = root ? p.slice(root.length + 1) : p;
    // .git/ and huggingface-cli's .cache/ are large and irrelevant.
    if (!rel.split('/').some((seg) => seg.startsWith('.'))) files.set(rel, entries[i]);
  });
  const source = root || 'model folder';
  const problems: Problem[] = [];
  const result: ModelFolderCheck<F> = { root, files, dtypes: [], problems };
  const problem = (message: string, hint?: string, extra: Partial<Problem> = {}) =>
    problems.push({ severity: 'error', source, message, ...(hint ? { hint } : {}), ...extra });

  if (files.size === 0) {
    problem(
      'The chosen folder has no files.',
      'Pick the folder that holds config.json, tokenizer.json and onnx/.',
    );
    return result;
  }

  const json = new Map<string, Record<string, unknown>>();
  for (const [name, purpose] of REQUIRED) {
    const entry = files.get(name);
    if (!entry) {
      const elsewhere = [...files.keys()].find((k) => k.endsWith(`/${name}`));
      const dir = elsewhere?.slice(0, -name.length - 1);
      problem(
        `${name} is missing — ${purpose}.`,
        elsewhere
          ? `Found it at "${elsewhere}": pick the folder "${root ? `${root}/` : ''}${dir}" instead.`
          : `Download ${name} from the model's page on Hugging Face into the top level of the folder.`,
        { field: name },
      );
      continue;
    }
    const parsed = await readJsonFile(name, entry, readText, problem);
    if (parsed) json.set(name, parsed);
  }

  const config = json.get('config.json');
  if (config) {
    result.config = config;
    if (typeof config.model_type === 'string' && config.model_type.trim()) {
      result.modelType = config.model_type;
    } else {
      problem(
        `config.json has no "model_type"${config.model_type === undefined ? '' : ` (it is ${describeValue(config.model_type)})`} — Transformers.js needs it to know the architecture.`,
        "Use the config.json from the model's ONNX repository on Hugging Face.",
        { field: 'model_type' },
      );
    }
  }

  await checkWeights(files, config, readText, problem, result);
  return result;
}

/** The single top-level folder every path starts with, as `webkitdirectory` gives; "" if there is none. */
function commonRoot(paths: string[]): string {
  if (paths.length === 0) return '';
  const first = paths[0].split('/')[0];
  return paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : '';
}

type Report = (message: string, hint?: string, extra?: Partial<Problem>) => void;

async function readJsonFile<F extends FolderEntry>(
  name: string,
  entry: F,
  readText: (entry: F) => Promise<string>,
  problem: Report,
): Promise<Record<string, unknown> | undefined> {
  if (entry.size === 0) {
    problem(`${name} is empty (0 bytes) — ${INTERRUPTED}.`, REDOWNLOAD, { field: name });
    return undefined;
  }
  let text: string;
  try {
    text = await readText(entry);
  } catch (err) {
    problem(`${name} could not be read: ${err instanceof Error ? err.message : String(err)}.`, undefined, {
      field: name,
    });
    return undefined;
  }
  if (isLfsPointer(text)) {
    problem(...lfsPointer(name, entry.size));
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = jsonErrorAt(err, text);
    const where = at.line === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    problem(
      `${name} is not valid JSON: ${at.detail}${where}.`,
      `${REDOWNLOAD} If you edited it, check it there.`,
      {
        field: name,
        ...(at.line === undefined ? {} : { line: at.line, column: at.column }),
      },
    );
    return undefined;
  }
  if (!isPlainObject(value)) {
    problem(`${name} should hold a JSON object ({…}) but holds ${describeValue(value)}.`, REDOWNLOAD, {
      field: name,
    });
    return undefined;
  }
  return value;
}

// Cloning a Hugging Face repository without Git LFS leaves ~130-byte text stubs in place of large files.
function isLfsPointer(text: string): boolean {
  return text.startsWith('version https://git-lfs.github.com/spec/');
}

function lfsPointer(name: string, size: number): Parameters<Report> {
  return [
    `${name} is a Git LFS pointer (${size} bytes), not the real file — the repository was cloned without Git LFS.`,
    `Run "git lfs install" and then "git lfs pull" inside the folder, or download ${name} from the model's page.`,
    { field: name },
  ];
}

async function checkWeights<F extends FolderEntry>(
  files: Map<string, F>,
  config: Record<string, unknown> | undefined,
  readText: (entry: F) => Promise<string>,
  problem: Report,
  result: ModelFolderCheck<F>,
): Promise<void> {
  const external = isPlainObject(config?.['transformers.js_config'])
    ? config['transformers.js_config'].use_external_data_format
    : undefined;
  let candidates = 0;
  for (const [path, entry] of files) {
    const dtype = dtypeOfModelFile(path);
    if (!dtype) continue;
    candidates++;
    if (!(await weightsFileOk(path, entry, readText, problem))) continue;
    const base = path.slice('onnx/'.length);
    const dataFiles: string[] = [];
    for (let i = 0; files.has(dataFileName(path, i)); i++) dataFiles.push(dataFileName(path, i));
    let ok = true;
    for (const d of dataFiles) ok = (await weightsFileOk(d, files.get(d) as F, readText, problem)) && ok;
    const needed = chunksDeclared(external, base);
    if (needed > dataFiles.length) {
      const missing = Array.from({ length: needed - dataFiles.length }, (_, k) =>
        dataFileName(path, dataFiles.length + k),
      );
      problem(
        `${path} keeps its weights in ${needed === 1 ? 'a separate file' : `${needed} separate files`}, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
        `Download ${missing.length === 1 ? 'it' : 'them'} into onnx/ next to ${base}.`,
        { field: missing[0] },
      );
      ok = false;
    }
    if (ok) result.dtypes.push({ dtype, file: path, size: entry.size, dataFiles });
  }
  result.dtypes.sort((a, b) => dtypeOrder(a.dtype, b.dtype));
  if (candidates === 0) {
    problem(
      'No ONNX model found in onnx/ — expected onnx/model.onnx or a variant such as onnx/model_quantized.onnx (q8) or onnx/model_q4.onnx (q4).',
      noWeightsHint([...files.keys()]),
      { field: 'onnx/model.onnx' },
    );
  }
}

/** How many external data chunks config.json's transformers.js_config declares for this file (as Transformers.js reads it). */
function chunksDeclared(setting: unknown, fullName: string): number {
  if (isPlainObject(setting)) {
    const v = Object.hasOwn(setting, fullName) ? setting[fullName] : setting['model'];
    return Number(v ?? 0) || 0;
  }
  return Number(setting ?? 0) || 0;
}

async function weightsFileOk<F extends FolderEntry>(
  path: string,
  entry: F,
  readText: (entry: F) => Promise<string>,
  problem: Report,
): Promise<boolean> {
  if (entry.size === 0) {
    problem(`${path} is empty (0 bytes) — ${INTERRUPTED}.`, REDOWNLOAD, { field: path });
    return false;
  }
  // Only tiny files can be LFS stubs; real weights are far larger, and reading them as text would be waste.
  if (entry.size < 1024) {
    const text = await readText(entry).catch(() => '');
    if (isLfsPointer(text)) {
      problem(...lfsPointer(path, entry.size));
      return false;
    }
  }
  return true;
}

function noWeightsHint(paths: string[]): string {
  const topLevel = paths.find((p) => /^model(_[a-z0-9]+)?\.onnx$/.test(p));
  if (topLevel) return `Found ${topLevel} at the top level; move it into a folder named onnx.`;
  const other = paths.find((p) => p.endsWith('.onnx'));
  if (other) {
    return `Found ${other}, but Semisynth loads onnx/model*.onnx; use an export laid out like the onnx-community repositories on Hugging Face.`;
  }
  const torch = paths.find((p) => /\.(safetensors|bin|pt|pth|gguf)$/.test(p));
  if (torch) {
    return `This folder has ${torch}, which is not ONNX. Download an ONNX export (e.g. from the onnx-community organisation on Hugging Face) or convert the model with Optimum.`;
  }
  return "Download the onnx/ folder from the model's page on Hugging Face (ONNX exports are often under onnx-community).";
}
