import { useClusters } from './api/clusters.js';

/** First shell: the cluster list with health. The full fleet UI grows from here. */
export function App() {
  const clusters = useClusters();
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 960, margin: '2rem auto', padding: '0 1rem' }}>
      <h1>Flux Orchestrator</h1>
      {clusters.isPending && <p>Loading clusters…</p>}
      {clusters.isError && <p role="alert">Could not load clusters: {clusters.error.message}</p>}
      {clusters.data && clusters.data.items.length === 0 && <p>No clusters yet: add a kubeconfig with POST /api/v1/clusters.</p>}
      {clusters.data && clusters.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Health</th>
              <th>Kubernetes</th>
              <th>Flux</th>
            </tr>
          </thead>
          <tbody>
            {clusters.data.items.map((cluster) => (
              <tr key={cluster.id}>
                <td>{cluster.name}</td>
                <td title={cluster.health?.reason}>{cluster.health?.status ?? 'not checked yet'}</td>
                <td>{cluster.health?.kubernetes_version ?? '—'}</td>
                <td>{cluster.health?.flux_version ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
