/**
 * The page's location as data: `#/text`, `#/stats`, `#/lab/<rest>`. Hash routing keeps the app a single
 * static page (no server rewrites) and makes every state a shareable URL; what follows the page name is
 * the page's own state (the lab keeps its simulation and parameters there).
 */
export type PageName = 'text' | 'stats' | 'lab';

export interface Route {
  page: PageName;
  /** Everything after `#/<page>`, without the leading slash (may hold `?query`). */
  rest: string;
}

const PAGES: readonly PageName[] = ['text', 'stats', 'lab'];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const cut = path.search(/[/?]/);
  const name = cut === -1 ? path : path.slice(0, cut);
  const rest = cut === -1 ? '' : path.slice(cut).replace(/^\//, '');
  const page = (PAGES as readonly string[]).includes(name) ? (name as PageName) : 'text';
  return { page, rest: page === name ? rest : '' };
}

export function formatRoute(route: Route): string {
  return `#/${route.page}${route.rest ? (route.rest.startsWith('?') ? '' : '/') + route.rest : ''}`;
}
