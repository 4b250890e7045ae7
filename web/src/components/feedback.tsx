import type { ReactNode } from 'react';
import { ApiRequestError } from '../api/request.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A load failure that says what happened and what to do. */
export function ErrorAlert({ error, title = 'Something went wrong', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiRequestError && error.status === 0 ? undefined : error instanceof ApiRequestError && error.status >= 500 ? 'The server logged the details under the request id.' : undefined;
  return (
    <div className="alert" data-tone="err" role="alert">
      <div className="alert-body">
        <span className="alert-title">{title}</span>
        <span>{message}</span>
        {hint && <span className="muted">{hint}</span>}
      </div>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
