import { useId, type ReactNode } from 'react';
import { Icon } from './icons.js';

/**
 * A list's CSV and JSON downloads (of the filters shown), after `label`. With `nothing` (why
 * there is nothing to download, e.g. no row matches) they are disabled buttons and the reason
 * takes the label's place, so an empty file is never offered.
 */
export function DownloadLinks({ csvHref, jsonHref, csvLabel = 'CSV', label, nothing, small = false }: { csvHref: string; jsonHref: string; csvLabel?: string; label?: ReactNode; nothing?: string; small?: boolean }) {
  const reasonId = useId();
  const size = small ? ' small' : '';
  const icon = small && (
    <>
      <Icon name="download" size={14} />{' '}
    </>
  );
  if (nothing) {
    return (
      <span className="download-links">
        <span className="muted small" id={reasonId}>
          {nothing}
        </span>
        <span className="download-buttons">
          <button type="button" className={`button${size}`} disabled aria-describedby={reasonId}>
            {icon}
            {csvLabel}
          </button>
          <button type="button" className={`button ghost${size}`} disabled aria-describedby={reasonId}>
            JSON
          </button>
        </span>
      </span>
    );
  }
  return (
    <span className="download-links">
      {label && <span className="muted small">{label}</span>}
      <span className="download-buttons">
        <a className={`button${size}`} href={csvHref} download>
          {icon}
            {csvLabel}
        </a>
        <a className={`button ghost${size}`} href={jsonHref} download>
          JSON
        </a>
      </span>
    </span>
  );
}
