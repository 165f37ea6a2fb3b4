import { describe, expect, it } from 'vitest';
import {
  countOf,
  formatBytes,
  formatProbability,
  visibleControls,
  visibleToken,
} from '../../../../src/lib/present/text/value-format';
import { logit, probabilityColor, textColorOn } from '../../../../src/lib/present/text/probability-color';
import { chooseDevice, dtypesFor } from '../../../../src/lib/scoring/transformers/device-choice';

describe('formatProbability', () => {
  it.each([
    [0.5, '0.500'],
    [0.05, '0.0500'],
    [0.0001234, '1.2e-4'],
    [0.995, '1 − 5.0e-3'],
    [1, '1.000'],
    [0, '0'],
    [NaN, '—'],
  ])('%f → %s', (p, shown) => expect(formatProbability(p)).toBe(shown));
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2.0 KiB'],
    [200 * 1024 * 1024, '200 MiB'],
  ])('%i → %s', (n, shown) => expect(formatBytes(n)).toBe(shown));
});

describe('visibleToken', () => {
  it.each([
    [' the', '␣the'],
    ['\r\n', '␍↵'],
    ['\t', '⇥'],
    ['\u0000', '\\u0000'],
    ['言', '言'],
  ])('%j → %s', (label, shown) => expect(visibleToken(label)).toBe(shown));
});

describe('probability colours', () => {
  it('is symmetric in log-odds and neutral at p = 0.5', () => {
    expect(logit(0.5)).toBe(0);
    expect(logit(0.99)).toBeCloseTo(-logit(0.01), 12);
    expect(probabilityColor(0.999)).not.toBe(probabilityColor(0.99)); // the ToEdit range stays distinguishable
    expect(probabilityColor(0.999999)).toBe(probabilityColor(0.9999999)); // saturates past 0.999
    expect(probabilityColor(NaN)).toBe('#d9d9d9');
  });
  it('picks readable text on dark and light backgrounds', () => {
    expect(textColorOn(probabilityColor(1e-6))).toBe('#ffffff');
    expect(textColorOn(probabilityColor(0.5))).toBe('#111111');
  });
});

describe('device choice', () => {
  const gpu = { webgpu: true, shaderF16: false, maxStorageBufferBindingSize: 1 << 30 };
  it('uses WebGPU when offered, WASM otherwise, saying why', () => {
    expect(chooseDevice('auto', gpu).device).toBe('webgpu');
    const fallback = chooseDevice('auto', { ...gpu, webgpu: false, reason: 'no adapter' });
    expect(fallback).toEqual({ device: 'wasm', note: 'Using WASM: no adapter.' });
    expect(chooseDevice('wasm', gpu).device).toBe('wasm');
  });
  it('offers float16 precisions on WebGPU only with shader-f16', () => {
    expect(dtypesFor('webgpu', gpu)).not.toContain('q4f16');
    expect(dtypesFor('webgpu', { ...gpu, shaderF16: true })).toContain('q4f16');
    expect(dtypesFor('wasm', gpu)).toContain('fp16');
  });
});

describe('visibleControls', () => {
  it.each([
    ['a\u0000b', 'a\\u0000b'],
    ['line\r\nnext\tend', 'line\r\nnext\tend'],
    ['cafe\u0301 😀', 'cafe\u0301 😀'],
  ])('%j → %j', (text, shown) => expect(visibleControls(text)).toBe(shown));
});

describe('countOf', () => {
  it('puts the noun in the right number', () => {
    expect(countOf(1, 'document')).toBe('1 document');
    expect(countOf(0, 'document')).toBe('0 documents');
    expect(countOf(2500, 'document')).toBe('2,500 documents');
    expect(countOf(2, 'child', 'children')).toBe('2 children');
  });
});
