import { Link, useParams } from 'wouter';
import { EmptyState } from '../components/feedback.js';
import { useCanOverFleet, useIsFleetAdmin } from '../auth/permissions.js';
import { useTheme, type ThemePreference } from '../shell/theme.js';
import { AccessTab } from './access-tab.js';
import { AzureSubscriptionsTab } from './azure-subscriptions-tab.js';

const TABS = [
  { id: 'general', label: 'General' },
  // Subscriptions are fleet-wide: offered to callers whose role covers the whole fleet.
  { id: 'azure', label: 'Azure Subscriptions', fleetWide: true },
  // Users and role bindings: offered to admins over the whole fleet only (the routes need it).
  { id: 'access', label: 'Access', fleetAdmin: true },
] as const;

export default function SettingsPage() {
  const { tab = 'general' } = useParams<{ tab: string }>();
  const fleetAdmin = useIsFleetAdmin();
  const fleetWide = useCanOverFleet('azure:read');
  const tabs = TABS.filter((item) => (!('fleetAdmin' in item) || fleetAdmin) && (!('fleetWide' in item) || fleetWide));
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Settings</h1>
          <p>{fleetAdmin ? 'Preferences, cluster sources and who has access.' : fleetWide ? 'Preferences and cluster sources.' : 'Preferences.'}</p>
        </div>
      </div>
      <nav className="tabs" aria-label="Settings sections">
        {tabs.map((item) => (
          <Link key={item.id} href={`/settings/${item.id}`} className="tab" aria-current={tab === item.id ? 'page' : undefined}>
            {item.label}
          </Link>
        ))}
      </nav>
      {tab === 'general' && <GeneralTab />}
      {tab === 'azure' && fleetWide && <AzureSubscriptionsTab />}
      {tab === 'azure' && !fleetWide && <EmptyState title="Azure subscriptions cover the whole fleet">Your role covers part of the fleet; subscriptions are managed by those whose role covers all of it.</EmptyState>}
      {tab === 'access' && fleetAdmin && <AccessTab />}
      {tab === 'access' && !fleetAdmin && <EmptyState title="Access is for admins">Users and role bindings are managed by an admin over the whole fleet. Ask one if you need another role.</EmptyState>}
      {!TABS.some((item) => item.id === tab) && <EmptyState title="No such settings section">Pick a section above.</EmptyState>}
    </>
  );
}

const THEMES: Array<[ThemePreference, string]> = [
  ['system', 'Same as the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

function GeneralTab() {
  const { preference, setPreference } = useTheme();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="appearance-title">
        <div className="card-header">
          <h2 id="appearance-title">Appearance</h2>
        </div>
        <div className="card-body">
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="muted" style={{ marginBottom: 8 }}>
              Theme (remembered in this browser)
            </legend>
            <div className="row" style={{ gap: 18 }}>
              {THEMES.map(([value, label]) => (
                <label key={value} className="checkbox">
                  <input type="radio" name="theme" value={value} checked={preference === value} onChange={() => setPreference(value)} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      </section>
      <section className="card" aria-labelledby="api-title">
        <div className="card-header">
          <h2 id="api-title">API</h2>
        </div>
        <div className="card-body">
          <p className="muted">
            Everything this UI does goes through the REST API at <code>/api/v1</code>. Its OpenAPI description is at{' '}
            <a href="/api/v1/openapi.json">
              <code>/api/v1/openapi.json</code>
            </a>
            .
          </p>
        </div>
      </section>
    </div>
  );
}
