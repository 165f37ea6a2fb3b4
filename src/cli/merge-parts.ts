/**
 * Merging finished parts into the output an unsharded run writes: the manifests must all be of one job and
 * cover shards 0…N−1 exactly once; per-document files are concatenated in shard order, streamed (shards
 * are contiguous ranges, so that is document order), files every shard writes alike are checked equal, and
 * statistics partials are merged by their own rule. Parts are checked against their manifests' sizes and
 * hashes first, so a truncated or edited part is refused rather than merged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT } from './cli-error';
import { fileSha256, LAYOUTS, MANIFEST, readManifest, RunFiles, type Manifest } from './run-output';

/** Part folders named on the command line: a shard folder, or an OUTPUT.parts folder holding them. */
export function expandParts(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new CliError(`part ${p}: no such file or folder`);
    if (!statSync(p).isDirectory())
      throw new CliError(
        `part ${p} is a file; a part is a shard folder (OUTPUT.parts/shard-I-of-N) or the OUTPUT.parts folder`,
      );
    if (existsSync(path.join(p, MANIFEST))) out.push(p);
    else {
      const shards = readdirSync(p)
        .filter((n) => n.startsWith('shard-'))
        .sort()
        .map((n) => path.join(p, n));
      if (shards.length === 0) throw new CliError(`${p} holds no ${MANIFEST} and no shard-* folders`);
      out.push(...shards);
    }
  }
  return out;
}

export async function mergeParts(output: string, partPaths: readonly string[]): Promise<Manifest[]> {
  const parts = expandParts(partPaths).map((dir) => ({ dir, manifest: readManifest(dir) }));
  const first = parts[0].manifest;
  for (const { dir, manifest } of parts) {
    if (manifest.kind !== first.kind || manifest.job !== first.job)
      throw new CliError(
        `${dir} is a part of another job than ${parts[0].dir} (${manifest.kind !== first.kind ? `${manifest.kind} vs ${first.kind}` : 'other inputs or settings'})`,
        EXIT.badInput,
        'Merge only the parts of one run.',
      );
    if (manifest.shard.count !== first.shard.count)
      throw new CliError(
        `${dir} is one of ${manifest.shard.count} shards, ${parts[0].dir} one of ${first.shard.count}`,
      );
  }
  const count = first.shard.count;
  const byIndex = new Array<(typeof parts)[number] | undefined>(count);
  for (const part of parts) {
    const i = part.manifest.shard.index;
    if (byIndex[i]) throw new CliError(`shard ${i} is given twice: ${byIndex[i].dir} and ${part.dir}`);
    byIndex[i] = part;
  }
  const missing = [...byIndex.keys()].filter((i) => !byIndex[i]);
  if (missing.length > 0)
    throw new CliError(
      `${missing.length} of ${count} shards are missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`,
      EXIT.badInput,
      'Run the missing shards (a rerun skips the finished ones), then merge again.',
    );
  const ordered = byIndex as (typeof parts)[number][];
  const layout = LAYOUTS[first.kind];
  const names = Object.keys(layout.files(output));
  const files = new RunFiles(first.kind, output, null);
  try {
    for (const name of names) {
      // Every part checked against its manifest first, so a truncated or edited part is never merged.
      for (const { dir, manifest } of ordered) {
        const file = path.join(dir, name);
        const expected = manifest.files[name];
        if (
          !expected ||
          !existsSync(file) ||
          statSync(file).size !== expected.bytes ||
          (await fileSha256(file)) !== expected.sha256
        )
          throw new CliError(
            `${file} does not match its manifest (changed or truncated since its shard finished)`,
            EXIT.badInput,
            `Remove ${dir} and run that shard again.`,
          );
      }
      const partFiles = ordered.map(({ dir }) => path.join(dir, name));
      if (layout.concatenated.includes(name)) {
        for (const f of partFiles) files.append(name, f);
        continue;
      }
      const contents = partFiles.map((f) => readFileSync(f, 'utf8'));
      if (layout.merge) files.write(name, layout.merge(name, contents));
      else {
        const differing = contents.findIndex((c) => c !== contents[0]);
        if (differing >= 0)
          throw new CliError(`${name} differs between ${ordered[0].dir} and ${ordered[differing].dir}`);
        files.write(name, contents[0]);
      }
    }
    await files.commit({
      semisynth: first.semisynth,
      job: first.job,
      range: { start: 0, end: first.range.total, total: first.range.total },
    });
  } catch (error) {
    files.abandon();
    throw error;
  }
  return ordered.map((p) => p.manifest);
}
