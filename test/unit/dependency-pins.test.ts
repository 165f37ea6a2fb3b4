/**
 * The prior worker uses transformers.js's private API (sessions, env.backends.onnx) and must share one
 * onnxruntime-web instance with it (the GPU score head's pre-allocated output is ignored by any other), so
 * both are pinned exactly and onnxruntime-web must be the version transformers.js itself depends on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) =>
  JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    packages?: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };

const pkg = readJson('package.json');
const lock = readJson('package-lock.json');
const EXACT = /^\d+\.\d+\.\d+(-[\w.-]+)?$/;

describe('pinned runtime packages', () => {
  it('pins @huggingface/transformers and onnxruntime-web to exact versions', () => {
    expect(pkg.dependencies?.['@huggingface/transformers']).toMatch(EXACT);
    expect(pkg.dependencies?.['onnxruntime-web']).toMatch(EXACT);
  });

  it('pins onnxruntime-web to the version transformers.js depends on, and onnxruntime-node to its Node one', () => {
    const transformers = lock.packages?.['node_modules/@huggingface/transformers'];
    expect(transformers?.version).toBe(pkg.dependencies?.['@huggingface/transformers']);
    expect(pkg.dependencies?.['onnxruntime-web']).toBe(transformers?.dependencies?.['onnxruntime-web']);
    // The Node tests compare the browser's numbers with onnxruntime-node: the one transformers.js runs on Node.
    expect(pkg.devDependencies?.['onnxruntime-node']).toBe(transformers?.dependencies?.['onnxruntime-node']);
  });

  it('installs one copy of onnxruntime-web, the pinned one', () => {
    const copies = Object.keys(lock.packages ?? {}).filter((p) => p.endsWith('node_modules/onnxruntime-web'));
    expect(copies).toEqual(['node_modules/onnxruntime-web']);
    expect(lock.packages?.['node_modules/onnxruntime-web']?.version).toBe(
      pkg.dependencies?.['onnxruntime-web'],
    );
    // What is installed is what the lock says (a stale node_modules would test something else).
    expect(readJson('node_modules/onnxruntime-web/package.json').version).toBe(
      pkg.dependencies?.['onnxruntime-web'],
    );
    expect(readJson('node_modules/@huggingface/transformers/package.json').version).toBe(
      pkg.dependencies?.['@huggingface/transformers'],
    );
  });

  it('keeps build-only packages out of the runtime dependencies', () => {
    // protobufjs compiles code with new Function (refused by the app's CSP); it only reads ONNX back in tests.
    expect(pkg.dependencies).not.toHaveProperty('protobufjs');
    expect(pkg.devDependencies).toHaveProperty('protobufjs');
    expect(pkg.dependencies).not.toHaveProperty('d3');
  });
});
