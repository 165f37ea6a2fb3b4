/**
 * ONNX ModelProto serialization for the subset of onnx.proto that our generated graphs use.
 *
 * Field numbers are copied from the public onnx/onnx.proto (proto2 syntax). Because it is proto2, repeated
 * scalar fields (`dims`, `ints`, `floats`) are *not* packed; we write them unpacked like the official
 * Python/C++ serializers do (parsers accept both). Pure module: no Node APIs, returns plain Uint8Array.
 */
import protobuf from 'protobufjs/light.js';

/** TensorProto.DataType values we use. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const;

// int64 fields: protobufjs accepts JS numbers (exact up to 2^53, plenty for dims, versions and attributes).
export interface TensorProto {
  dims: number[];
  dataType: number;
  name?: string;
  rawData: Uint8Array;
}
export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}
export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: AttributeProto[];
}
export interface DimensionProto {
  dimValue?: number;
  dimParam?: string;
}
export interface ValueInfoProto {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: DimensionProto[] } } };
}
export interface GraphProto {
  node: NodeProto[];
  name: string;
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo?: ValueInfoProto[];
}
export interface OperatorSetIdProto {
  domain?: string;
  version: number;
}
export interface ModelProto {
  irVersion: number;
  producerName?: string;
  producerVersion?: string;
  graph: GraphProto;
  opsetImport: OperatorSetIdProto[];
}

type FieldDef = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };
const f = (type: string, id: number): FieldDef => ({ type, id });
const many = (type: string, id: number): FieldDef => ({ type, id, rule: 'repeated' });
// proto2 repeated scalars are unpacked on the wire by default.
const unpacked = (type: string, id: number): FieldDef => ({ ...many(type, id), options: { packed: false } });

/** protobufjs JSON descriptor of the onnx.proto subset (package `onnx`). */
export const ONNX_SCHEMA = {
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
export function onnxRoot(): protobuf.Root {
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

/** Little-endian raw_data bytes for a typed array (explicit LE, independent of the host's byte order). */
export function rawData(data: Float32Array | BigInt64Array | Int32Array | Uint8Array): Uint8Array {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((x, i) => view.setFloat32(i * 4, x, true));
  else if (data instanceof BigInt64Array) data.forEach((x, i) => view.setBigInt64(i * 8, x, true));
  else data.forEach((x, i) => view.setInt32(i * 4, x, true));
  return out;
}
