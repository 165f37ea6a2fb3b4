import { describe, expect, it } from 'vitest';
import { checkHubId, fetchHubDtypes, hubDtypes } from '../../../src/lib/scoring/models/hub';

const LISTING = [
  { type: 'file', path: 'onnx/model.onnx', size: 1000 },
  { type: 'file', path: 'onnx/model.onnx_data', size: 500_000 },
  { type: 'file', path: 'onnx/model_q4f16.onnx', size: 2000 },
  { type: 'file', path: 'onnx/model_quantized.onnx', size: 3000 },
  { type: 'file', path: 'onnx/model_q4.onnx', size: 4000 },
  { type: 'file', path: 'onnx/model_q4.onnx_data', size: 40_000 },
  { type: 'file', path: 'onnx/model_q4.onnx_data_1', size: 40_000 },
  { type: 'file', path: 'onnx/decoder_model.onnx', size: 9 },
];

describe('hubDtypes', () => {
  it('sums external data files into each dtype and orders dtypes as transformers.js does', () => {
    expect(hubDtypes(LISTING)).toEqual([
      { dtype: 'fp32', file: 'onnx/model.onnx', bytes: 501_000 },
      { dtype: 'q8', file: 'onnx/model_quantized.onnx', bytes: 3000 },
      { dtype: 'q4', file: 'onnx/model_q4.onnx', bytes: 84_000 },
      { dtype: 'q4f16', file: 'onnx/model_q4f16.onnx', bytes: 2000 },
    ]);
  });
});

describe('checkHubId', () => {
  it.each(['HuggingFaceTB/SmolLM2-135M-Instruct', 'Xenova/gpt2', 'a.b/c_d-1'])('accepts %s', (id) =>
    expect(checkHubId(id)).toBeUndefined(),
  );
  it.each(['gpt2', 'https://huggingface.co/Xenova/gpt2', 'a/b/c', 'a b/c', ''])(
    'refuses %j with a hint',
    (id) => expect(checkHubId(id)?.hint).toMatch(/owner\/name/),
  );
});

describe('fetchHubDtypes', () => {
  const respond = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('asks only the given host, for the onnx/ listing', async () => {
    const seen: string[] = [];
    const result = await fetchHubDtypes('Xenova/gpt2', 'http://127.0.0.1:9/', async (url) => {
      seen.push(String(url));
      return respond(200, LISTING)();
    });
    expect(seen).toEqual(['http://127.0.0.1:9/api/models/Xenova/gpt2/tree/main/onnx']);
    expect('dtypes' in result && result.dtypes.map((d) => d.dtype)).toEqual(['fp32', 'q8', 'q4', 'q4f16']);
  });

  it.each([
    { name: '404', fetchFn: respond(404, {}), message: /no onnx\/ folder/ },
    { name: 'server error', fetchFn: respond(500, {}), message: /answered 500/ },
    {
      name: 'no model files',
      fetchFn: respond(200, [{ path: 'onnx/readme.txt', size: 1 }]),
      message: /no model\*\.onnx/,
    },
    {
      name: 'offline',
      fetchFn: async () => {
        throw new TypeError('Failed to fetch');
      },
      message: /Could not reach 127\.0\.0\.1:9/,
    },
  ])('explains $name', async ({ fetchFn, message }) => {
    const result = await fetchHubDtypes('Xenova/gpt2', 'http://127.0.0.1:9/', fetchFn as typeof fetch);
    expect('problem' in result && result.problem.message).toMatch(message);
  });
});
