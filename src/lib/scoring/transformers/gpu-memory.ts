/**
 * Counts the GPU buffers alive in this realm (created and not yet destroyed), by wrapping
 * GPUDevice.createBuffer and GPUBuffer.destroy once. onnxruntime-web keeps a buffer pool, so the count
 * plateaus in steady use; growth per call means GPU tensors are not being disposed (KV-cache outputs on
 * WebGPU are the known culprit). Diagnostic only: it does not change what is allocated.
 */
export interface GpuMemory {
  buffers: number;
  bytes: number;
}

interface Prototypes {
  device: { createBuffer(descriptor: { size: number }): object };
  buffer: { destroy(): void };
}

const live = new Map<object, number>();
let installed = false;

export function trackGpuBuffers(): boolean {
  if (installed) return true;
  const g = globalThis as unknown as {
    GPUDevice?: { prototype: Prototypes['device'] };
    GPUBuffer?: { prototype: Prototypes['buffer'] };
  };
  if (!g.GPUDevice || !g.GPUBuffer) return false;
  const create = g.GPUDevice.prototype.createBuffer;
  const destroy = g.GPUBuffer.prototype.destroy;
  g.GPUDevice.prototype.createBuffer = function (descriptor) {
    const buffer = create.call(this, descriptor);
    live.set(buffer, descriptor.size);
    return buffer;
  };
  g.GPUBuffer.prototype.destroy = function () {
    live.delete(this);
    destroy.call(this);
  };
  installed = true;
  return true;
}

export function gpuMemory(): GpuMemory {
  let bytes = 0;
  for (const size of live.values()) bytes += size;
  return { buffers: live.size, bytes };
}
