/**
 * Model hosts: the only places besides the app's own origin that the page may reach (the Content-Security-
 * Policy's connect-src lists them). Whoever deploys Semisynth chooses them at build time (SEMISYNTH_MODEL_HOSTS;
 * the Hub by default); the user picks one of them in the Hub picker. Both are checked here, with messages
 * rather than exceptions.
 */
import type { Problem } from '../io/problem';

/** The Hugging Face Hub. */
export const HUB_ORIGIN = 'https://huggingface.co';

/**
 * Where the Hub redirects file downloads (its LFS and Xet CDNs). A redirected fetch is checked against
 * connect-src at every hop, so a policy that allows the Hub must allow these too.
 */
export const HUB_REDIRECT_SOURCES = ['https://*.huggingface.co', 'https://*.hf.co'] as const;

/**
 * An allowed model host as the policy writes it: an origin (`https://mirror.example`), or a loopback origin
 * with any port (`http://127.0.0.1:*`, for a model server on this machine).
 */
export type HostSource = string;

/** A model host the user may use: its URL (with a trailing slash; mirrors may live under a path) and origin. */
export interface ModelHost {
  url: string;
  origin: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.endsWith('.localhost');
}

const SOURCE = 'Model host';

function problem(message: string, hint?: string): { problem: Problem } {
  return { problem: { severity: 'error', source: SOURCE, message, ...(hint && { hint }) } };
}

/**
 * Reads what someone typed as a model host: it must parse as a URL, use https (plain http only on this
 * machine), and carry no credentials, query or fragment. Does not say whether the site allows it.
 */
export function parseModelHost(input: string): { host: ModelHost } | { problem: Problem } {
  const text = input.trim();
  if (text === '') return problem('No model host is given.', `Enter one, e.g. ${HUB_ORIGIN}/.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problem(`"${text}" is not a web address.`, `Write it in full, e.g. ${HUB_ORIGIN}/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return problem(`"${text}" is not a web address (it starts with ${url.protocol}).`, 'Use https://.');
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    return problem(
      `${url.origin} uses plain http, which anyone on the network can read and alter.`,
      'Use https:// (plain http is accepted only for this machine: localhost or 127.0.0.1).',
    );
  if (url.username || url.password)
    return problem(`"${text}" contains a user name or password.`, 'Give the host without credentials.');
  if (url.search || url.hash)
    return problem(
      `"${text}" has a query or fragment (?… or #…).`,
      'Give the host and, if any, its path only.',
    );
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { host: { url: `${url.origin}${path}`, origin: url.origin } };
}

/** Whether `origin` is one of `sources` (a loopback source may leave its port open with `:*`). */
export function hostAllowed(origin: string, sources: readonly HostSource[]): boolean {
  return sources.some((source) => {
    if (source === origin) return true;
    if (!source.endsWith(':*')) return false;
    const base = source.slice(0, -2); // e.g. http://127.0.0.1
    return origin === base || (origin.startsWith(`${base}:`) && /^\d+$/.test(origin.slice(base.length + 1)));
  });
}

/**
 * A host the user typed, checked against what this site allows: its Content-Security-Policy lets the page
 * reach only `allowed`, so any other host would fail with a browser error; say so before trying.
 */
export function checkModelHost(
  input: string,
  allowed: readonly HostSource[],
): { host: ModelHost } | { problem: Problem } {
  const parsed = parseModelHost(input);
  if ('problem' in parsed) return parsed;
  if (hostAllowed(parsed.host.origin, allowed)) return parsed;
  return problem(
    allowed.length === 0
      ? `This site reaches no model host: it was built to use bundled and local models only.`
      : `This site may reach only ${allowed.join(', ')} for models; ${parsed.host.origin} is not one of them.`,
    'Its Content-Security-Policy blocks every other host. Whoever deploys Semisynth can add a mirror ' +
      '(SEMISYNTH_MODEL_HOSTS at build time; see the README, Deploy).',
  );
}

/**
 * Reads the build's list of model hosts (SEMISYNTH_MODEL_HOSTS: origins separated by spaces or commas;
 * `none` for no remote host; unset: the Hub). Every entry must pass {@link parseModelHost} and be an origin
 * (a loopback one may end in `:*`). Returns the sources, or every problem found.
 */
export function readHostList(value: string | undefined): { sources: HostSource[] } | { problems: string[] } {
  if (value === undefined || value.trim() === '') return { sources: [HUB_ORIGIN] };
  if (value.trim() === 'none') return { sources: [] };
  const sources: HostSource[] = [];
  const problems: string[] = [];
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    const anyPort = entry.endsWith(':*');
    const parsed = parseModelHost(anyPort ? entry.slice(0, -2) : entry);
    if ('problem' in parsed) {
      problems.push(`${entry}: ${parsed.problem.message} ${parsed.problem.hint ?? ''}`.trim());
    } else if (anyPort && !isLoopback(new URL(parsed.host.origin).hostname)) {
      problems.push(`${entry}: only a loopback host (localhost, 127.0.0.1) may leave its port open.`);
    } else if (new URL(parsed.host.url).pathname !== '/') {
      problems.push(`${entry}: give the origin only (scheme, host and port); the Hub picker takes paths.`);
    } else {
      sources.push(anyPort ? `${parsed.host.origin}:*` : parsed.host.origin);
    }
  }
  return problems.length > 0 ? { problems } : { sources: [...new Set(sources)] };
}
