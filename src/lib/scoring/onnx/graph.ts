/**
 * A small typed builder for ONNX graphs (default domain only), serialized with ./proto.
 *
 * Pure module (no Node APIs) so the app can also build small graphs at run time, e.g. a scoring head.
 *
 * Usage:
 *   const g = new GraphBuilder('add');
 *   const a = g.input('a', 'float32', ['n']);
 *   const b = g.initializer('b', new Float32Array([1, 2]), [2]);
 *   g.output(g.op('Add', [a, b]), 'float32', ['n'], 'sum');
 *   const bytes = g.toBytes();
 */
import {
  AttributeType,
  DataType,
  encodeModel,
  rawData,
  type AttributeProto,
  type DimensionProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto';

export type ElemType = 'float32' | 'int64' | 'int32' | 'bool' | 'uint8';
/** A fixed size or a symbolic name (ONNX dim_param), e.g. 'batch_size'. */
export type Dim = number | string;

const ELEM_CODE: Record<ElemType, number> = {
  float32: DataType.FLOAT,
  int64: DataType.INT64,
  int32: DataType.INT32,
  bool: DataType.BOOL,
  uint8: DataType.UINT8,
};

export type TensorData = Float32Array | BigInt64Array | Int32Array;

/** Typed attribute values; build them with {@link attr}. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: TensorData; dims: number[] };

/** Attribute constructors. ONNX distinguishes int and float attributes, so the kind is always explicit. */
export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: number[]): Attr => ({ kind: 'ints', value }),
  floats: (value: number[]): Attr => ({ kind: 'floats', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  tensor: (value: TensorData, dims: number[]): Attr => ({ kind: 'tensor', value, dims }),
};

function dataTypeOf(data: TensorData): number {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof BigInt64Array) return DataType.INT64;
  return DataType.INT32;
}

function tensorProto(name: string | undefined, data: TensorData, dims: number[]): TensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length)
    throw new Error(`tensor ${name ?? ''}: dims [${dims}] need ${size} values, got ${data.length}`);
  return { dims: [...dims], dataType: dataTypeOf(data), ...(name ? { name } : {}), rawData: rawData(data) };
}

function attributeProto(name: string, a: Attr): AttributeProto {
  switch (a.kind) {
    case 'int':
      if (!Number.isSafeInteger(a.value)) throw new Error(`attribute ${name}: ${a.value} is not an integer`);
      return { name, type: AttributeType.INT, i: a.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: tensorProto(undefined, a.value, a.dims) };
  }
}

function valueInfo(name: string, elem: ElemType, dims: Dim[]): ValueInfoProto {
  const dim: DimensionProto[] = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: ELEM_CODE[elem], shape: { dim } } } };
}

export interface GraphOptions {
  /** Default-domain opset version (default 17: ReduceMean still takes `axes` as an attribute). */
  opset?: number;
  /** IR version (default 8, the one that goes with opset 17). */
  irVersion?: number;
  producer?: string;
}

export class GraphBuilder {
  readonly name: string;
  private readonly options: Required<GraphOptions>;
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(name: string, options: GraphOptions = {}) {
    this.name = name;
    this.options = { opset: 17, irVersion: 8, producer: 'semisynth', ...options };
  }

  /** Declares a graph input and returns its name. */
  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /**
   * Declares `value` as a graph output named `name` (default: `value` itself). When the names differ an
   * Identity node is inserted, so any intermediate value can be exported under a public name.
   */
  output(value: string, elem: ElemType, dims: Dim[], name = value): string {
    if (name !== value) this.node('Identity', [value], [name]);
    this.outputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Adds a constant tensor (stored as raw_data) and returns its name. */
  initializer(name: string, data: TensorData, dims: number[]): string {
    this.claim(name);
    this.initializers.push(tensorProto(name, data, dims));
    return name;
  }

  /** float32 constant with a generated name; `dims` defaults to a 1-D tensor ([] for a scalar). */
  constF32(values: number[] | Float32Array, dims: number[] = [values.length]): string {
    return this.initializer(this.fresh('const'), Float32Array.from(values), dims);
  }

  /** int64 constant with a generated name; `dims` defaults to a 1-D tensor ([] for a scalar). */
  constI64(values: number[], dims: number[] = [values.length]): string {
    return this.initializer(this.fresh('const'), BigInt64Array.from(values.map(BigInt)), dims);
  }

  /**
   * Adds a node. `outputs` is either explicit names or a count of outputs to name automatically.
   * Returns the output names.
   */
  node(
    opType: string,
    inputs: string[],
    outputs: string[] | number = 1,
    attrs: Record<string, Attr> = {},
  ): string[] {
    let outs: string[];
    if (typeof outputs === 'number') outs = Array.from({ length: outputs }, () => this.fresh(opType));
    else outs = outputs;
    outs.forEach((o) => this.claim(o));
    const attribute = Object.entries(attrs).map(([k, v]) => attributeProto(k, v));
    this.nodes.push({
      input: inputs,
      output: outs,
      name: `${opType}_${this.nodes.length}`,
      opType,
      ...(attribute.length ? { attribute } : {}),
    });
    return outs;
  }

  /** Adds a single-output node and returns its output name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.node(opType, inputs, 1, attrs)[0];
  }

  toModel(): ModelProto {
    return {
      irVersion: this.options.irVersion,
      producerName: this.options.producer,
      graph: {
        node: this.nodes,
        name: this.name,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      // No `domain`: absent means the default ai.onnx domain.
      opsetImport: [{ version: this.options.opset }],
    };
  }

  toBytes(): Uint8Array {
    return encodeModel(this.toModel());
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`duplicate value name "${name}"`);
    this.names.add(name);
  }

  /** An unused name (not yet claimed). */
  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }
}
