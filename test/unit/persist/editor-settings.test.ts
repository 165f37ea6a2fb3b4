import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  decodeEditorSettings,
  encodeEditorSettings,
  settingsFromRecord,
} from '../../../src/lib/persist/editor-settings';
import { DEFAULT_CONFIG } from '../../../src/lib/toedit/config';

describe('editor settings in the URL', () => {
  it('writes nothing for the defaults', () => {
    expect(encodeEditorSettings(DEFAULT_SETTINGS)).toBe('');
    expect(decodeEditorSettings('')).toEqual({ ...DEFAULT_SETTINGS, notes: [] });
  });

  it('round-trips every field that differs', () => {
    const settings = {
      config: {
        rule: 'low_drop_up_revise' as const,
        tau: 0.95,
        dropBelow: 0.01,
        sampler: 'top-p' as const,
        k: 4,
        beta: 1,
        topP: 0.8,
        forceChange: true,
      },
      seed: 42,
      scoredK: 16,
    };
    const query = encodeEditorSettings(settings);
    expect(query).toBe(
      '?rule=low_drop_up_revise&tau=0.95&drop=0.01&sampler=top-p&k=4&beta=1&topP=0.8&force=1&seed=42&scoredK=16',
    );
    expect(decodeEditorSettings(query)).toEqual({ ...settings, notes: [] });
  });

  it('keeps the default for a misspelt value and says which', () => {
    const decoded = decodeEditorSettings('?tau=high&rule=sideways&seed=1.5&k=3&other=x');
    expect(decoded.config).toEqual({ ...DEFAULT_CONFIG, k: 3 });
    expect(decoded.seed).toBe(0);
    expect(decoded.notes).toEqual([
      "The link's rule=sideways was ignored: rule must be one of above, at-least, at-most, low_drop_up_revise, filtering.",
      "The link's tau=high was ignored: tau must be a number.",
      "The link's seed=1.5 was ignored: seed must be an integer.",
    ]);
  });

  it('refuses a scored k that scoring cannot use, saying what is allowed', () => {
    expect(decodeEditorSettings('?scoredK=32').scoredK).toBe(32);
    for (const raw of ['0', '65', '2.5', 'many']) {
      const decoded = decodeEditorSettings(`?scoredK=${raw}`);
      expect(decoded.scoredK).toBe(8);
      expect(decoded.notes).toEqual([
        `The link's scoredK=${raw} was ignored: scoredK must be an integer from 1 to 64.`,
      ]);
    }
  });

  it('keeps a well-formed value out of range for the editor to explain', () => {
    expect(decodeEditorSettings('?tau=2').config.tau).toBe(2);
  });

  it('reads a stored record defensively', () => {
    expect(settingsFromRecord({ config: { tau: 0.9, k: 'x' }, seed: 3, scoredK: 24 })).toEqual({
      config: { ...DEFAULT_CONFIG, tau: 0.9 },
      seed: 3,
      scoredK: 24,
    });
    // Stored before k was a setting, or out of range: the default.
    expect(settingsFromRecord({ seed: 3 }).scoredK).toBe(8);
    expect(settingsFromRecord({ scoredK: 100 }).scoredK).toBe(8);
    expect(settingsFromRecord(undefined)).toEqual(DEFAULT_SETTINGS);
  });
});
