import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, attr } from '../../../src/lib/scoring/onnx/graph';
import { DataType, encodeModel, rawData, type ModelProto } from '../../../src/lib/scoring/onnx/proto';
import { decodeModel } from '../../support/onnx-decode';

// An independent, minimal protobuf writer: the expected bytes below are built from the field numbers of the
// public onnx.proto by hand, not through our writer or protobufjs.
const varint = (value: bigint): number[] => {
  let v = BigInt.asUintN(64, value); // int64 negatives are 10-byte two's-complement varints
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
};
const tag = (field: number, wire: 0 | 2 | 5) => varint(BigInt((field << 3) | wire));
const int = (field: number, v: number | bigint) => [...tag(field, 0), ...varint(BigInt(v))];
const bytesField = (field: number, bytes: number[] | Uint8Array) => [
  ...tag(field, 2),
  ...varint(BigInt(bytes.length)),
  ...bytes,
];
const str = (field: number, s: string) => bytesField(field, new TextEncoder().encode(s));
const float = (field: number, x: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...tag(field, 5), ...b];
};

/** Drops empty arrays (protobufjs's `arrays: true` adds them; unset repeated fields are simply absent). */
function stripEmpty(value: unknown): unknown {
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(stripEmpty);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, stripEmpty(v)]));
  }
  return value;
}

describe('ONNX proto writer', () => {
  it('encodes field numbers, wire types, varints and raw_data exactly as onnx.proto specifies', () => {
    const model: ModelProto = {
      irVersion: 8,
      producerName: 'p',
      graph: {
        node: [
          {
            input: ['a'],
            output: ['b'],
            name: 'n',
            opType: 'Neg',
            domain: 'x', // field 7 (an empty domain would be omitted: same meaning, the default domain)
            attribute: [
              { name: 'k', type: 7, ints: [1, -1, 300] },
              { name: 'f', type: 1, f: 0.5 },
              { name: 'big', type: 2, i: 2 ** 40 },
            ],
          },
        ],
        name: 'g',
        initializer: [
          { dims: [2], dataType: DataType.FLOAT, name: 'w', rawData: rawData(new Float32Array([1, -2])) },
          { dims: [1], dataType: DataType.INT64, name: 'i', rawData: rawData(new BigInt64Array([-2n])) },
        ],
        input: [
          {
            name: 'a',
            type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'n' }, { dimValue: 300 }] } } },
          },
        ],
        output: [{ name: 'b', type: { tensorType: { elemType: 1, shape: { dim: [] } } } }],
      },
      opsetImport: [{ version: 17 }],
    };
    const node = [
      ...str(1, 'a'),
      ...str(2, 'b'),
      ...str(3, 'n'),
      ...str(4, 'Neg'),
      // attribute (5); proto2 repeated int64 `ints` is unpacked: one tag per element
      ...bytesField(5, [...str(1, 'k'), ...int(8, 1), ...int(8, -1), ...int(8, 300), ...int(20, 7)]),
      ...bytesField(5, [...str(1, 'f'), ...float(2, 0.5), ...int(20, 1)]),
      ...bytesField(5, [...str(1, 'big'), ...int(3, 2 ** 40), ...int(20, 2)]),
      ...str(7, 'x'),
    ];
    const tensorType = (dims: number[][]) =>
      bytesField(
        2,
        bytesField(1, [
          ...int(1, 1),
          ...bytesField(
            2,
            dims.flatMap((d) => bytesField(1, d)),
          ),
        ]),
      );
    const graph = [
      ...bytesField(1, node),
      ...str(2, 'g'),
      ...bytesField(5, [
        ...int(1, 2),
        ...int(2, 1),
        ...str(8, 'w'),
        ...bytesField(9, [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]),
      ]),
      ...bytesField(5, [
        ...int(1, 1),
        ...int(2, 7),
        ...str(8, 'i'),
        ...bytesField(9, [0xfe, ...Array(7).fill(0xff)]),
      ]),
      ...bytesField(11, [...str(1, 'a'), ...tensorType([str(2, 'n'), int(1, 300)])]),
      ...bytesField(12, [...str(1, 'b'), ...tensorType([])]),
    ];
    const expected = [...int(1, 8), ...str(2, 'p'), ...bytesField(7, graph), ...bytesField(8, int(2, 17))];

    const bytes = encodeModel(model);
    expect(bytes.constructor).toBe(Uint8Array); // never a Node Buffer
    expect([...bytes]).toEqual(expected);
    expect(int(8, -1)).toHaveLength(11); // tag + 10-byte varint
  });

  it('decodes back to the same structure', () => {
    const g = new GraphBuilder('roundtrip', { opset: 17 });
    const x = g.input('x', 'float32', ['batch_size', 'sequence_length', 4]);
    const ids = g.input('ids', 'int64', ['batch_size', 3]);
    g.initializer('w', new Float32Array([0.25, -1.5, 3, 1e-8]), [2, 2]);
    g.initializer('k', new BigInt64Array([-(2n ** 40n), 7n]), [2]);
    const [y, z] = g.node('Split', [x, g.constI64([2, 2])], 2, { axis: attr.int(-1) });
    g.op('LeakyRelu', [y], { alpha: attr.float(0.125) });
    g.op('Transpose', [z], { perm: attr.ints([0, 2, 1]) });
    g.op('Constant', [], { value: attr.tensor(new Float32Array([1, 2, 3]), [3]) });
    g.op('Foo', [ids], { s: attr.string('héllo'), fs: attr.floats([0.5, -2]) });
    g.output(y, 'float32', ['batch_size', 'sequence_length', 2], 'y');
    const model = g.toModel();
    const decoded = decodeModel(g.toBytes());
    expect(stripEmpty(decoded)).toEqual(stripEmpty(model));
    expect(decoded.graph.initializer[1].rawData).toEqual(rawData(new BigInt64Array([-(2n ** 40n), 7n])));
    expect(decoded.graph.input[0].type.tensorType.shape.dim).toEqual([
      { dimParam: 'batch_size' },
      { dimParam: 'sequence_length' },
      { dimValue: 4 },
    ]);
  });

  it('rejects mismatched initializer sizes and duplicate names', () => {
    const g = new GraphBuilder('bad');
    expect(() => g.initializer('w', new Float32Array(3), [2, 2])).toThrow(/need 4 values/);
    g.input('a', 'float32', [1]);
    expect(() => g.input('a', 'float32', [1])).toThrow(/duplicate/);
    expect(() => g.op('Foo', [], { n: attr.int(0.5) })).toThrow(/not an integer/);
  });

  it('builds graphs that onnxruntime-node runs with the right numbers', async () => {
    const g = new GraphBuilder('small');
    const a = g.input('a', 'float32', ['n']);
    const m = g.input('m', 'float32', [2, 3]);
    const i = g.input('i', 'int64', ['k']);
    g.output(g.op('Add', [a, g.initializer('b', new Float32Array([1, 2, 3]), [3])]), 'float32', ['n'], 'sum');
    g.output(g.op('LeakyRelu', [a], { alpha: attr.float(0.5) }), 'float32', ['n'], 'leaky');
    g.output(g.op('Transpose', [m], { perm: attr.ints([1, 0]) }), 'float32', [3, 2], 'mt');
    g.output(g.op('Add', [i, g.constI64([-(2 ** 40)], [])]), 'int64', ['k'], 'shifted');

    const session = await ort.InferenceSession.create(g.toBytes());
    const out = await session.run({
      a: new ort.Tensor('float32', new Float32Array([10, -20, 30]), [3]),
      m: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]),
      i: new ort.Tensor('int64', new BigInt64Array([5n, 2n ** 41n]), [2]),
    });
    expect([...(out.sum.data as Float32Array)]).toEqual([11, -18, 33]);
    expect([...(out.leaky.data as Float32Array)]).toEqual([10, -10, 30]);
    expect(out.mt.dims).toEqual([3, 2]);
    expect([...(out.mt.data as Float32Array)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...(out.shifted.data as BigInt64Array)]).toEqual([5n - 2n ** 40n, 2n ** 40n]);
    await session.release();
  });
});
