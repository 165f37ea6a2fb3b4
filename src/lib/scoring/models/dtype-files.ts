/**
 * How transformers.js names a model's weight files per dtype: onnx/model{suffix}.onnx, with optional
 * external data in onnx/model{suffix}.onnx_data, _data_1, … Shared by the folder check and the Hub picker.
 */
export const DTYPE_SUFFIXES = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
  q2: '_q2',
  q2f16: '_q2f16',
  q1: '_q1',
  q1f16: '_q1f16',
} as const;

export type ModelDtype = keyof typeof DTYPE_SUFFIXES;

const MODEL_FILE = /^onnx\/model(_[a-z0-9]+)?\.onnx$/;
const BY_SUFFIX = new Map<string, ModelDtype>(
  Object.entries(DTYPE_SUFFIXES).map(([d, s]) => [s, d as ModelDtype] as const),
);

/** The dtype a path like "onnx/model_q4.onnx" holds, or undefined for any other file. */
export function dtypeOfModelFile(path: string): ModelDtype | undefined {
  const m = MODEL_FILE.exec(path);
  return m ? BY_SUFFIX.get(m[1] ?? '') : undefined;
}

/** The i-th external data file of a model file. */
export function dataFileName(path: string, i: number): string {
  return `${path}_data${i === 0 ? '' : `_${i}`}`;
}

/** Sorts by the order transformers.js documents dtypes in. */
export function dtypeOrder(a: ModelDtype, b: ModelDtype): number {
  const order = Object.keys(DTYPE_SUFFIXES);
  return order.indexOf(a) - order.indexOf(b);
}
