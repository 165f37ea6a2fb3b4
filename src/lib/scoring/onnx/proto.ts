/**
 * ONNX ModelProto serialization for the subset of onnx.proto that our generated graphs use.
 *
 * Field numbers are copied from the public onnx/onnx.proto (proto2 syntax). Because it is proto2, repeated
 * scalar fields (`dims`, `ints`, `floats`) are *not* packed; we write them unpacked like the official
 * Python/C++ serializers do (parsers accept both). Pure module: no Node APIs, returns plain Uint8Array.
 */
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

// int64 fields are JS numbers (exact up to 2^53, plenty for dims, versions and attributes).
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

/**
 * A protobuf writer for exactly these messages. Hand-written rather than protobufjs's generated encoders,
 * which compile code with `new Function` at run time: the prior worker runs under a Content-Security-Policy
 * without 'unsafe-eval', and the GPU score head is built there. Fields are written in field-number order, and
 * only when set (proto2 optional semantics: an attribute's i = 0 is written), as the official serializers do.
 */
class Writer {
  /** Written so far: small values gather in `pending`; byte fields and nested messages are kept by reference. */
  private readonly parts: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value)); // negative int64/int32: 10-byte two's-complement varints
    while (v >= 0x80n) {
      this.pending.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.pending.push(Number(v));
  }

  private tag(field: number, wire: 0 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  /** Appends bytes without copying them (a weight tensor's raw data can be hundreds of megabytes). */
  private append(bytes: Uint8Array): void {
    this.flush();
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Uint8Array.from(this.pending));
    this.size += this.pending.length;
    this.pending = [];
  }

  int(field: number, value: number | undefined): void {
    if (value === undefined) return;
    if (!Number.isSafeInteger(value)) throw new Error(`invalid ModelProto: ${value} is not an integer`);
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number | undefined): void {
    if (value === undefined) return;
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.pending.push(...b);
  }

  bytesField(field: number, value: Uint8Array | undefined): void {
    if (value === undefined) return;
    this.tag(field, 2);
    this.varint(value.length);
    this.append(value);
  }

  string(field: number, value: string | undefined): void {
    if (value !== undefined) this.bytesField(field, new TextEncoder().encode(value));
  }

  message<T>(field: number, value: T | undefined, write: (w: Writer, value: T) => void): void {
    if (value === undefined) return;
    const inner = new Writer();
    write(inner, value);
    inner.flush();
    this.tag(field, 2);
    this.varint(inner.size);
    for (const part of inner.parts) this.append(part);
  }

  messages<T>(field: number, values: readonly T[] | undefined, write: (w: Writer, value: T) => void): void {
    for (const value of values ?? []) this.message(field, value, write);
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

// One function per message, field numbers from onnx.proto. proto2 repeated scalars (dims, ints, floats) are
// unpacked on the wire: one tag per element.
function writeTensor(w: Writer, t: TensorProto): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytesField(9, t.rawData);
}

function writeAttribute(w: Writer, a: AttributeProto): void {
  w.string(1, a.name);
  w.float(2, a.f);
  w.int(3, a.i);
  w.bytesField(4, a.s);
  w.message(5, a.t, writeTensor);
  for (const x of a.floats ?? []) w.float(7, x);
  for (const x of a.ints ?? []) w.int(8, x);
  w.int(20, a.type); // enum AttributeType: a varint on the wire
}

function writeNode(w: Writer, n: NodeProto): void {
  for (const s of n.input) w.string(1, s);
  for (const s of n.output) w.string(2, s);
  w.string(3, n.name);
  w.string(4, n.opType);
  w.messages(5, n.attribute, writeAttribute);
  w.string(7, n.domain);
}

function writeDimension(w: Writer, d: DimensionProto): void {
  w.int(1, d.dimValue);
  w.string(2, d.dimParam);
}

function writeValueInfo(w: Writer, v: ValueInfoProto): void {
  w.string(1, v.name);
  // TypeProto { tensor_type = 1: TypeProto.Tensor { elem_type = 1, shape = 2: TensorShapeProto { dim = 1 } } }
  w.message(2, v.type, (type, t) =>
    type.message(1, t.tensorType, (tensor, tt) => {
      tensor.int(1, tt.elemType);
      tensor.message(2, tt.shape, (shape, s) => shape.messages(1, s.dim, writeDimension));
    }),
  );
}

function writeGraph(w: Writer, g: GraphProto): void {
  w.messages(1, g.node, writeNode);
  w.string(2, g.name);
  w.messages(5, g.initializer, writeTensor);
  w.messages(11, g.input, writeValueInfo);
  w.messages(12, g.output, writeValueInfo);
  w.messages(13, g.valueInfo, writeValueInfo);
}

/** Serializes a ModelProto. */
export function encodeModel(model: ModelProto): Uint8Array {
  const w = new Writer();
  w.int(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  w.message(7, model.graph, writeGraph);
  w.messages(8, model.opsetImport, (op, o) => {
    op.string(1, o.domain);
    op.int(2, o.version);
  });
  return w.finish();
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
