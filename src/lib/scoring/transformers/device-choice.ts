import type { Device } from './transformers-prior';
import type { GpuCapabilities } from './gpu';

export type DeviceChoice = 'auto' | Device;

/** Resolves the user's device choice against what the browser offers, with the reason in words. */
export function chooseDevice(
  choice: DeviceChoice,
  gpu: GpuCapabilities | null,
): { device: Device; note?: string } {
  if (choice === 'wasm' || choice === 'cpu') return { device: choice };
  if (gpu?.webgpu)
    return {
      device: 'webgpu',
      note: gpu.shaderF16 ? undefined : 'This GPU has no shader-f16: fp16 and q4f16 are not offered.',
    };
  const why = gpu ? gpu.reason : 'WebGPU detection has not finished';
  return { device: 'wasm', note: `Using WASM: ${why}.` };
}

/** Precisions a device can run: float16 graphs need shader-f16 on WebGPU (they throw at load or run without it). */
export function dtypesFor(device: Device, gpu: GpuCapabilities | null): string[] {
  const base = ['q4', 'q8', 'fp32'];
  if (device !== 'webgpu') return [...base, 'fp16'];
  return gpu?.shaderF16 ? ['q4f16', 'fp16', ...base] : base;
}
