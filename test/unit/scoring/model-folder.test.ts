import { describe, expect, it } from 'vitest';
import { checkModelFolder, type FolderEntry } from '../../../src/lib/scoring/models/folder';

interface FakeFile extends FolderEntry {
  text: string;
}

const CONFIG = JSON.stringify({ model_type: 'gpt2', n_layer: 2 });
const TOKENIZER = JSON.stringify({ model: { type: 'BPE' } });
const TOKENIZER_CONFIG = JSON.stringify({ eos_token: '<|endoftext|>' });
const LFS =
  'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 497764120\n';

/** Builds a picked folder: string contents are file texts; numbers are sizes of binary files. */
function folder(files: Record<string, string | number>, root = 'my-model'): FakeFile[] {
  return Object.entries(files).map(([p, c]) => ({
    path: root ? `${root}/${p}` : p,
    size: typeof c === 'number' ? c : new TextEncoder().encode(c).length,
    text: typeof c === 'number' ? '\u0008\u0001binary' : c,
  }));
}

const GOOD = {
  'config.json': CONFIG,
  'tokenizer.json': TOKENIZER,
  'tokenizer_config.json': TOKENIZER_CONFIG,
  'onnx/model_q4f16.onnx': 5_000_000,
  'onnx/model.onnx': 20_000_000,
  'onnx/model_quantized.onnx': 6_000_000,
  'README.md': '# GPT-2',
};

const check = (files: FakeFile[]) => checkModelFolder(files, async (f) => f.text);
const messages = async (files: FakeFile[]) => (await check(files)).problems.map((p) => p.message);

describe('checkModelFolder: a good folder', () => {
  it('strips the root, lists dtypes in order, reads model_type, reports nothing', async () => {
    const r = await check(folder(GOOD));
    expect(r.problems).toEqual([]);
    expect(r.root).toBe('my-model');
    expect([...r.files.keys()].sort()).toEqual(Object.keys(GOOD).sort());
    expect(r.files.get('onnx/model.onnx')?.path).toBe('my-model/onnx/model.onnx');
    expect(r.modelType).toBe('gpt2');
    expect(r.dtypes).toEqual([
      { dtype: 'fp32', file: 'onnx/model.onnx', size: 20_000_000, dataFiles: [] },
      { dtype: 'q8', file: 'onnx/model_quantized.onnx', size: 6_000_000, dataFiles: [] },
      { dtype: 'q4f16', file: 'onnx/model_q4f16.onnx', size: 5_000_000, dataFiles: [] },
    ]);
  });

  it.each([
    ['model_fp16.onnx', 'fp16'],
    ['model_int8.onnx', 'int8'],
    ['model_uint8.onnx', 'uint8'],
    ['model_q4.onnx', 'q4'],
    ['model_bnb4.onnx', 'bnb4'],
  ])('onnx/%s is %s', async (file, dtype) => {
    const {
      'onnx/model.onnx': _a,
      'onnx/model_quantized.onnx': _b,
      'onnx/model_q4f16.onnx': _c,
      ...rest
    } = GOOD;
    const r = await check(folder({ ...rest, [`onnx/${file}`]: 1_000_000 }));
    expect(r.dtypes.map((d) => d.dtype)).toEqual([dtype]);
  });

  it('works without a common root folder, ignores .git and unknown model suffixes, accepts backslashes', async () => {
    const files = folder({ ...GOOD, '.git/HEAD': 'ref', 'onnx/model_weird.onnx': 10 }, '');
    files[0].path = files[0].path.replace('/', '\\');
    const r = await check(files);
    expect(r.root).toBe('');
    expect(r.problems).toEqual([]);
    expect(r.files.has('.git/HEAD')).toBe(false);
    expect(r.dtypes).toHaveLength(3);
  });
});

describe('checkModelFolder: missing pieces are named with what they are for', () => {
  it.each([
    [
      'config.json',
      'config.json is missing — it describes the model architecture (model_type, layer sizes).',
    ],
    [
      'tokenizer.json',
      'tokenizer.json is missing — it holds the vocabulary and the rules for splitting text into tokens.',
    ],
    [
      'tokenizer_config.json',
      'tokenizer_config.json is missing — it holds tokenizer settings such as the special tokens.',
    ],
  ])('%s', async (file, message) => {
    const { [file as keyof typeof GOOD]: _gone, ...rest } = GOOD;
    const r = await check(folder(rest));
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'my-model',
        field: file,
        message,
        hint: `Download ${file} from the model's page on Hugging Face into the top level of the folder.`,
      },
    ]);
  });

  it('no ONNX weights, only safetensors', async () => {
    const r = await check(
      folder({
        'config.json': CONFIG,
        'tokenizer.json': TOKENIZER,
        'tokenizer_config.json': TOKENIZER_CONFIG,
        'model.safetensors': 9,
      }),
    );
    expect(r.dtypes).toEqual([]);
    expect(r.problems.map((p) => [p.message, p.hint])).toEqual([
      [
        'No ONNX model found in onnx/ — expected onnx/model.onnx or a variant such as onnx/model_quantized.onnx (q8) or onnx/model_q4.onnx (q4).',
        'This folder has model.safetensors, which is not ONNX. Download an ONNX export (e.g. from the onnx-community organisation on Hugging Face) or convert the model with Optimum.',
      ],
    ]);
  });

  it('model.onnx at the top level instead of in onnx/', async () => {
    const {
      'onnx/model.onnx': _a,
      'onnx/model_quantized.onnx': _b,
      'onnx/model_q4f16.onnx': _c,
      ...rest
    } = GOOD;
    const r = await check(folder({ ...rest, 'model.onnx': 1000 }));
    expect(r.problems[0].hint).toBe('Found model.onnx at the top level; move it into a folder named onnx.');
  });

  it('the parent folder was picked: points at the right one', async () => {
    const files = folder(GOOD, 'models/gpt2');
    const r = await check(files);
    expect(r.root).toBe('models');
    expect(r.problems[0]).toMatchObject({
      message: 'config.json is missing — it describes the model architecture (model_type, layer sizes).',
      hint: 'Found it at "gpt2/config.json": pick the folder "models/gpt2" instead.',
    });
  });

  it('an empty selection', async () => {
    expect(await messages([])).toEqual(['The chosen folder has no files.']);
  });
});

describe('checkModelFolder: broken files', () => {
  it('config.json that is not valid JSON: says where', async () => {
    const r = await check(folder({ ...GOOD, 'config.json': '{\n  "model_type": "gpt2",\n}\n' }));
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'my-model',
        field: 'config.json',
        line: 3,
        column: 1,
        message: 'config.json is not valid JSON: expected double-quoted property name (line 3, column 1).',
        hint: "Download it again from the model's page on Hugging Face. If you edited it, check it there.",
      },
    ]);
    expect(r.modelType).toBeUndefined();
  });

  it('tokenizer.json cut off mid-file', async () => {
    expect(await messages(folder({ ...GOOD, 'tokenizer.json': '{"model": {"vocab": {"a": 1,' }))).toEqual([
      'tokenizer.json is not valid JSON: it ends before the JSON value is complete (line 1, column 29).',
    ]);
  });

  it('tokenizer_config.json holding an array', async () => {
    expect(await messages(folder({ ...GOOD, 'tokenizer_config.json': '[]' }))).toEqual([
      'tokenizer_config.json should hold a JSON object ({…}) but holds an array.',
    ]);
  });

  it('config.json without model_type', async () => {
    const r = await check(folder({ ...GOOD, 'config.json': '{"n_layer": 2}' }));
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'my-model',
        field: 'model_type',
        message: 'config.json has no "model_type" — Transformers.js needs it to know the architecture.',
        hint: "Use the config.json from the model's ONNX repository on Hugging Face.",
      },
    ]);
  });

  it('zero-byte files', async () => {
    const r = await check(folder({ ...GOOD, 'onnx/model.onnx': 0, 'tokenizer.json': '' }));
    expect(r.problems.map((p) => p.message)).toEqual([
      'tokenizer.json is empty (0 bytes) — the download was probably interrupted.',
      'onnx/model.onnx is empty (0 bytes) — the download was probably interrupted.',
    ]);
    expect(r.dtypes.map((d) => d.dtype)).toEqual(['q8', 'q4f16']);
  });

  it('Git LFS pointers instead of files', async () => {
    const r = await check(folder({ ...GOOD, 'onnx/model.onnx': LFS, 'tokenizer.json': LFS }));
    expect(r.problems.map((p) => [p.message, p.hint])).toEqual([
      [
        `tokenizer.json is a Git LFS pointer (${LFS.length} bytes), not the real file — the repository was cloned without Git LFS.`,
        'Run "git lfs install" and then "git lfs pull" inside the folder, or download tokenizer.json from the model\'s page.',
      ],
      [
        `onnx/model.onnx is a Git LFS pointer (${LFS.length} bytes), not the real file — the repository was cloned without Git LFS.`,
        'Run "git lfs install" and then "git lfs pull" inside the folder, or download onnx/model.onnx from the model\'s page.',
      ],
    ]);
    expect(r.dtypes.map((d) => d.dtype)).toEqual(['q8', 'q4f16']);
  });

  it('a file that cannot be read', async () => {
    const r = await checkModelFolder(folder(GOOD), async (f) => {
      if (f.path.endsWith('tokenizer.json')) throw new Error('permission denied');
      return f.text;
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      'tokenizer.json could not be read: permission denied.',
    ]);
  });
});

describe('checkModelFolder: external weight files', () => {
  const config = (setting: unknown) =>
    JSON.stringify({ model_type: 'llama', 'transformers.js_config': { use_external_data_format: setting } });
  const base = { 'tokenizer.json': TOKENIZER, 'tokenizer_config.json': TOKENIZER_CONFIG };

  it('lists the data files that belong to each model file', async () => {
    const r = await check(
      folder({
        ...base,
        'config.json': config({ 'model.onnx': 2 }),
        'onnx/model.onnx': 500_000,
        'onnx/model.onnx_data': 2_000_000_000,
        'onnx/model.onnx_data_1': 1_000_000_000,
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.dtypes).toEqual([
      {
        dtype: 'fp32',
        file: 'onnx/model.onnx',
        size: 500_000,
        dataFiles: ['onnx/model.onnx_data', 'onnx/model.onnx_data_1'],
      },
    ]);
  });

  it('reports declared data files that are missing, and drops that dtype', async () => {
    const r = await check(
      folder({
        ...base,
        'config.json': config(true),
        'onnx/model.onnx': 500_000,
        'onnx/model_q4.onnx': 500_000,
        'onnx/model_q4.onnx_data': 800_000_000,
      }),
    );
    expect(r.problems.map((p) => [p.message, p.hint])).toEqual([
      [
        'onnx/model.onnx keeps its weights in a separate file, but onnx/model.onnx_data is missing.',
        'Download it into onnx/ next to model.onnx.',
      ],
    ]);
    expect(r.dtypes.map((d) => d.dtype)).toEqual(['q4']);
  });

  it('an empty data file is reported', async () => {
    const r = await check(
      folder({ ...base, 'config.json': CONFIG, 'onnx/model.onnx': 500_000, 'onnx/model.onnx_data': 0 }),
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      'onnx/model.onnx_data is empty (0 bytes) — the download was probably interrupted.',
    ]);
    expect(r.dtypes).toEqual([]);
  });
});
