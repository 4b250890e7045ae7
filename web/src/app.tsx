import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { EmptyState, Loading } from './components/feedback.js';
import { AppShell } from './shell/app-shell.js';
import { AuthGate } from './auth/auth-gate.js';

// Each page is its own chunk: the first load carries only the shell.
const DashboardPage = lazy(() => import('./dashboard/dashboard-page.js'));
const ClustersPage = lazy(() => import('./clusters/clusters-page.js'));
const AddClusterPage = lazy(() => import('./clusters/add-cluster-page.js'));
const ClusterDetailPage = lazy(() => import('./clusters/cluster-detail-page.js'));
const ResourcesPage = lazy(() => import('./resources/resources-page.js'));
const ResourceDetailPage = lazy(() => import('./resources/resource-detail-page.js'));
const SettingsPage = lazy(() => import('./settings/settings-page.js'));
const ActivityPage = lazy(() => import('./activity/activity-page.js'));
const TokensPage = lazy(() => import('./auth/tokens-page.js'));
const MatrixPage = lazy(() => import('./matrix/matrix-page.js'));
const EventsPage = lazy(() => import('./events/events-page.js'));
const ClusterGraphPage = lazy(() => import('./graph/cluster-graph-page.js'));

export function App() {
  return (
    <AuthGate>
      <AppShell>
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/" component={DashboardPage} />
            <Route path="/resources" component={ResourcesPage} />
            <Route path="/clusters" component={ClustersPage} />
            <Route path="/clusters/new" component={AddClusterPage} />
            <Route path="/clusters/:id/resources/:kind/:namespace/:name/:tab?" component={ResourceDetailPage} />
            <Route path="/clusters/:id/graph" component={ClusterGraphPage} />
            <Route path="/clusters/:id" component={ClusterDetailPage} />
            <Route path="/matrix" component={MatrixPage} />
            <Route path="/events" component={EventsPage} />
            <Route path="/settings">
              <Redirect to="/settings/general" replace />
            </Route>
            <Route path="/settings/:tab" component={SettingsPage} />
            <Route path="/activity" component={ActivityPage} />
            <Route path="/tokens" component={TokensPage} />
            <Route>
              <EmptyState title="Page not found">This address does not match any page. Use the navigation to find your way.</EmptyState>
            </Route>
          </Switch>
        </Suspense>
      </AppShell>
    </AuthGate>
  );
}
