/**
 * Decodes ONNX ModelProto bytes with protobufjs, an implementation independent of our writer
 * (src/lib/scoring/onnx/proto.ts), so tests can read back what it wrote. protobufjs compiles its decoders
 * with `new Function`, which the app's Content-Security-Policy forbids: it stays a devDependency, here.
 */
import protobuf from 'protobufjs/light.js';
import type { ModelProto } from '../../src/lib/scoring/onnx/proto';

type FieldDef = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };
const f = (type: string, id: number): FieldDef => ({ type, id });
const many = (type: string, id: number): FieldDef => ({ type, id, rule: 'repeated' });
// proto2 repeated scalars are unpacked on the wire by default.
const unpacked = (type: string, id: number): FieldDef => ({ ...many(type, id), options: { packed: false } });

/** protobufjs JSON descriptor of the onnx.proto subset (package `onnx`). */
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: f('int64', 1),
            producerName: f('string', 2),
            producerVersion: f('string', 3),
            graph: f('GraphProto', 7),
            opsetImport: many('OperatorSetIdProto', 8),
          },
        },
        OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
        GraphProto: {
          fields: {
            node: many('NodeProto', 1),
            name: f('string', 2),
            initializer: many('TensorProto', 5),
            input: many('ValueInfoProto', 11),
            output: many('ValueInfoProto', 12),
            valueInfo: many('ValueInfoProto', 13),
          },
        },
        NodeProto: {
          fields: {
            input: many('string', 1),
            output: many('string', 2),
            name: f('string', 3),
            opType: f('string', 4),
            attribute: many('AttributeProto', 5),
            domain: f('string', 7),
          },
        },
        AttributeProto: {
          fields: {
            name: f('string', 1),
            f: f('float', 2),
            i: f('int64', 3),
            s: f('bytes', 4),
            t: f('TensorProto', 5),
            floats: unpacked('float', 7),
            ints: unpacked('int64', 8),
            type: f('int32', 20), // enum AttributeType on the wire is a varint, same as int32
          },
        },
        TensorProto: {
          fields: {
            dims: unpacked('int64', 1),
            dataType: f('int32', 2),
            name: f('string', 8),
            rawData: f('bytes', 9),
          },
        },
        ValueInfoProto: { fields: { name: f('string', 1), type: f('TypeProto', 2) } },
        TypeProto: {
          fields: { tensorType: f('TypeProtoTensor', 1) },
        },
        // TypeProto.Tensor in onnx.proto; a nested message there, flattened here (names are not on the wire).
        TypeProtoTensor: { fields: { elemType: f('int32', 1), shape: f('TensorShapeProto', 2) } },
        TensorShapeProto: { fields: { dim: many('Dimension', 1) } },
        Dimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: { dimValue: f('int64', 1), dimParam: f('string', 2) },
        },
      },
    },
  },
};

let root: protobuf.Root | undefined;
/** The protobufjs reflection root for {@link ONNX_SCHEMA} (built once). */
function onnxRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(ONNX_SCHEMA);
  return root;
}

/** Serializes a ModelProto. Always returns a plain Uint8Array (never a Node Buffer). */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = onnxRoot().lookupType('onnx.ModelProto');
  const err = type.verify(model);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  // protobufjs hands out a Buffer under Node; copy into a plain Uint8Array so callers behave the same everywhere.
  return new Uint8Array(type.encode(type.fromObject(model)).finish());
}

/** Parses ModelProto bytes into plain objects (int64 as numbers, bytes as Uint8Array); for tests and tools. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = onnxRoot().lookupType('onnx.ModelProto');
  const msg = type.decode(bytes);
  const obj = type.toObject(msg, { longs: Number, defaults: false, arrays: true }) as ModelProto;
  return normalizeBytes(obj) as ModelProto;
}

// protobufjs decodes `bytes` as Buffer under Node; turn them into plain Uint8Arrays so deep equality holds.
function normalizeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(normalizeBytes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeBytes(v)]));
  }
  return value;
}
