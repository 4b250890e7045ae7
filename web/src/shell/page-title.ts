/** The product's name, last in every tab title. */
const PRODUCT = 'Flux Orchestrator';

const TITLES: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^\/$/, () => 'Dashboard'],
  [/^\/resources\/?$/, () => 'Resources'],
  [/^\/clusters\/?$/, () => 'Clusters'],
  [/^\/clusters\/new\/?$/, () => 'Add cluster'],
  [/^\/clusters\/[^/]+\/resources\/([^/]+)\/([^/]+)\/([^/]+)/, (match) => `${decode(match[1]!)} ${decode(match[2]!)}/${decode(match[3]!)}`],
  [/^\/clusters\/[^/]+\/graph\/?$/, () => 'Dependency graph'],
  [/^\/clusters\/[^/]+\/?$/, () => 'Cluster'],
  [/^\/matrix\/?$/, () => 'Matrix'],
  [/^\/events\/?$/, () => 'Events'],
  [/^\/settings(\/|$)/, () => 'Settings'],
  [/^\/activity\/?$/, () => 'Activity'],
  [/^\/tokens\/?$/, () => 'API tokens'],
];

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The tab title of a page (browser history, tabs and screen readers tell pages apart by it):
 * what the page shows, then the product.
 */
export function pageTitle(path: string): string {
  for (const [pattern, title] of TITLES) {
    const match = pattern.exec(path);
    if (match) return `${title(match)} · ${PRODUCT}`;
  }
  return `Page not found · ${PRODUCT}`;
}
