/** What the WebGPU adapter (if any) offers, detected before choosing a device and dtype. */
export interface GpuCapabilities {
  webgpu: boolean;
  shaderF16: boolean;
  maxStorageBufferBindingSize: number;
  /** Why WebGPU is unavailable, in words for the user. */
  reason?: string;
}

interface MinimalAdapter {
  features: { has(name: string): boolean };
  limits: { maxStorageBufferBindingSize: number };
}
interface MinimalGpu {
  requestAdapter(): Promise<MinimalAdapter | null>;
}

export async function detectGpu(): Promise<GpuCapabilities> {
  const gpu = (globalThis.navigator as unknown as { gpu?: MinimalGpu } | undefined)?.gpu;
  const none = { webgpu: false, shaderF16: false, maxStorageBufferBindingSize: 0 };
  if (!gpu) return { ...none, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { ...none, reason: 'WebGPU is present but no GPU adapter was offered' };
    return {
      webgpu: true,
      shaderF16: adapter.features.has('shader-f16'),
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch (error) {
    return { ...none, reason: `requesting a WebGPU adapter failed: ${String(error)}` };
  }
}
