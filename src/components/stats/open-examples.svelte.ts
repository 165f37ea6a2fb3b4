import type { FeatureExample } from '../../state/stats-client';

export type ExamplesState =
  | { status: 'loading' }
  | { status: 'ready'; examples: FeatureExample[] }
  | { status: 'failed'; error: string };

/**
 * The one example panel a view has open (which row, for which corpus) and its examples as they load. A
 * panel closed or replaced while its examples load ignores their answer.
 */
export class OpenExamples<Row extends { key: string }> {
  current = $state<(Row & { state: ExamplesState }) | null>(null);

  /** Never rejects: examples that cannot be loaded are the panel's state ('failed'). */
  async show(row: Row, load: () => Promise<FeatureExample[]>): Promise<void> {
    const key = row.key;
    this.current = { ...row, state: { status: 'loading' } };
    try {
      const examples = await load();
      if (this.current?.key === key) this.current = { ...this.current, state: { status: 'ready', examples } };
    } catch (e) {
      if (this.current?.key === key)
        this.current = {
          ...this.current,
          state: { status: 'failed', error: e instanceof Error ? e.message : String(e) },
        };
    }
  }

  close(): void {
    this.current = null;
  }
}
