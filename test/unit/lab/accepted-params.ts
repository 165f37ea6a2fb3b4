import type { Checked, Params } from '../../../src/lib/lab/simulation';

/**
 * What check() makes of `overrides` over the defaults, for a test that needs a setting the simulation
 * accepts: a refusal fails the test with check()'s reason.
 */
export function acceptedParams<P extends Params>(
  check: (raw: Params) => Checked<P>,
  defaults: P,
  overrides: Partial<P> = {},
): P {
  const c = check({ ...defaults, ...overrides });
  if (!c.ok) throw new Error(c.error);
  return c.params;
}
