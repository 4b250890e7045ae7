import type { ConnectionTestResult } from '../api/azure.js';
import { StatusBadge } from '../components/status-badge.js';

/** The outcome of "Test Connection": a summary, the fix when it failed, and each check. */
export function ConnectionTestResultView({ result }: { result: ConnectionTestResult }) {
  const ok = result.status === 'connected';
  return (
    <div className="alert" data-tone={ok ? 'ok' : 'err'} role={ok ? 'status' : 'alert'} aria-label="Connection test result">
      <div className="alert-body">
        <span className="row">
          <StatusBadge status={result.status} />
          <span className="alert-title">{ok ? `Connection works${result.cluster_count !== null ? `: ${result.cluster_count} AKS ${result.cluster_count === 1 ? 'cluster' : 'clusters'} visible` : ''}` : 'Connection failed'}</span>
        </span>
        <span className="fix">{result.message}</span>
        {result.checks.length > 0 && (
          <ul className="checks" aria-label="Checks">
            {result.checks.map((check) => (
              <li key={check.name}>
                <span className={check.ok ? 'check-ok' : 'check-fail'}>{check.ok ? '✓ passed' : '✗ failed'}</span>
                <span className="mono">{check.name}</span>
                {/* The failing check's text is the summary above: do not print it twice. */}
                <span className="muted">{check.ok || check.message !== result.message ? check.message : 'see above'}</span>
                <span className="faint">{check.duration_ms} ms</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
