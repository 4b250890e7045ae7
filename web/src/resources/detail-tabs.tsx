import { Link } from 'wouter';
import { INVENTORY_KINDS } from '../api/inventory.js';
import { resourcePath, type ResourceAddress } from '../api/resources.js';

/** Sections of an object's page; each has its own address (`…/name/graph`), so it can be shared. */
export const DETAIL_TABS = ['overview', 'graph', 'inventory', 'events', 'logs'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

const LABEL: Record<DetailTab, string> = { overview: 'Overview', graph: 'Graph', inventory: 'Inventory', events: 'Events', logs: 'Logs' };

/** The tab in the URL; undefined (overview) when absent, the raw text when unknown (the page says so). */
export function detailTabOf(segment: string | undefined): DetailTab | undefined {
  if (!segment) return undefined;
  return segment as DetailTab;
}

/** The sections a kind has: an inventory only where Flux keeps one. */
export function tabsOf(kind: string): DetailTab[] {
  return DETAIL_TABS.filter((tab) => tab !== 'inventory' || INVENTORY_KINDS.includes(kind));
}

export const detailTabPath = (address: ResourceAddress, tab: DetailTab): string => (tab === 'overview' ? resourcePath(address) : `${resourcePath(address)}/${tab}`);

export function DetailTabs({ address, current = 'overview', available }: { address: ResourceAddress; current: DetailTab | undefined; available: readonly DetailTab[] }) {
  return (
    <nav className="tabs detail-tabs" aria-label="Object sections">
      {available.map((tab) => (
        <Link key={tab} href={detailTabPath(address, tab)} className="tab" aria-current={current === tab ? 'page' : undefined}>
          {LABEL[tab]}
        </Link>
      ))}
    </nav>
  );
}
