import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { Icon, type IconName } from '../components/icons.js';
import { FleetSummary } from './fleet-summary.js';
import { LiveIndicator } from './live-indicator.js';
import { ThemeSwitch } from './theme-switch.js';
import { NoLoginBanner, UserMenu } from '../auth/user-menu.js';
import { pageTitle } from './page-title.js';

const NAV: Array<{ href: string; label: string; icon: IconName }> = [
  { href: '/', label: 'Dashboard', icon: 'dashboard' },
  { href: '/resources', label: 'Resources', icon: 'resources' },
  { href: '/matrix', label: 'Matrix', icon: 'matrix' },
  { href: '/events', label: 'Events', icon: 'events' },
  { href: '/clusters', label: 'Clusters', icon: 'clusters' },
  { href: '/settings', label: 'Settings', icon: 'settings' },
  { href: '/activity', label: 'Activity', icon: 'activity' },
];

/** A Flux object's page (`/clusters/:id/resources/…`) belongs to Resources, not Clusters. */
const OBJECT_PAGE = /^\/clusters\/[^/]+\/resources\//;
const isActive = (href: string, location: string) => {
  if (OBJECT_PAGE.test(location)) return href === '/resources';
  return href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
};

/** Sidebar navigation, header with the fleet summary and theme switch; the nav collapses on a phone. */
export function AppShell({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  // A phone user who picked a page wants to see it, not the menu.
  useEffect(() => setMenuOpen(false), [location]);
  useEffect(() => {
    document.title = pageTitle(location);
  }, [location]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand" aria-label="Flux Orchestrator home">
        <span className="brand-mark" aria-hidden="true">
          <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="white" strokeWidth="2.6" strokeLinejoin="round">
            <path d="M5 19 12 5l7 14z" />
          </svg>
        </span>
        Flux Orchestrator
      </Link>
      <header className="app-header">
        <button type="button" className="button ghost icon-button menu-button" aria-expanded={menuOpen} aria-controls="main-nav" aria-label="Menu" onClick={() => setMenuOpen((open) => !open)}>
          <Icon name="menu" size={18} />
        </button>
        <FleetSummary />
        <span className="spacer" />
        <LiveIndicator />
        <ThemeSwitch />
        <UserMenu />
      </header>
      <nav className="sidebar" id="main-nav" aria-label="Main" data-open={menuOpen}>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.href}>
              <Link href={item.href} className="nav-link" aria-current={isActive(item.href, location) ? 'page' : undefined}>
                <Icon name={item.icon} />
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="main" id="main" tabIndex={-1}>
        <NoLoginBanner />
        {children}
      </main>
    </div>
  );
}
