/**
 * What a build of the site is, by Vite mode:
 *
 * - production (`vite build`): the app only, with its service worker; the model hosts from
 *   SEMISYNTH_MODEL_HOSTS (the Hub by default).
 * - `instrumented` (`vite build --mode instrumented`, into dist-instrumented/): the same app plus what tests
 *   and the benchmark reach into it with (the workers' `__semisynth…Api` globals, bench.html), a loopback
 *   model host for the tests' fake Hub, and no service worker (each test starts from a fresh page).
 */
import { readHostList, type HostSource } from '../../src/lib/deploy/model-hosts.ts';

export const INSTRUMENTED_MODE = 'instrumented';

export interface SiteConfig {
  instrumented: boolean;
  modelHosts: HostSource[];
  serviceWorker: boolean;
  outDir: string;
}

export function siteConfig(mode: string, env: NodeJS.ProcessEnv): SiteConfig {
  const instrumented = mode === INSTRUMENTED_MODE;
  const hosts = readHostList(env.SEMISYNTH_MODEL_HOSTS);
  if ('problems' in hosts)
    throw new Error(`SEMISYNTH_MODEL_HOSTS is not usable:\n  ${hosts.problems.join('\n  ')}`);
  return {
    instrumented,
    // The tests' fake Hub listens on 127.0.0.1 at a port it picks.
    modelHosts: instrumented ? [...hosts.sources, 'http://127.0.0.1:*'] : hosts.sources,
    serviceWorker: !instrumented,
    outDir: instrumented ? 'dist-instrumented' : 'dist',
  };
}
