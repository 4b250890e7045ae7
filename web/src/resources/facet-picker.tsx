import { useEffect, useId, useRef, useState } from 'react';

/**
 * A multi-value filter with a count beside each value (the server's facets): a button that opens
 * a list of checkboxes, most objects first. Values selected stay listed even when they count 0.
 * Long lists (hundreds of clusters) get a box to narrow them. Escape or a click outside closes it.
 */
export function FacetPicker({
  label,
  allLabel,
  counts,
  selected,
  nameOf = (value) => value,
  onChange,
}: {
  /** What is filtered, e.g. "Kind" (also the accessible name of the group). */
  label: string;
  /** The button's text when nothing is selected, e.g. "All kinds". */
  allLabel: string;
  counts: Record<string, number> | undefined;
  selected: readonly string[];
  nameOf?: (value: string) => string;
  onChange: (next: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [narrow, setNarrow] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const entries = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || nameOf(a[0]).localeCompare(nameOf(b[0])));
  for (const value of selected) if (!entries.some(([known]) => known === value)) entries.unshift([value, 0]);
  const text = narrow.trim().toLowerCase();
  const shown = (text ? entries.filter(([value]) => nameOf(value).toLowerCase().includes(text)) : entries).slice(0, 300);
  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  const buttonText = selected.length === 0 ? allLabel : selected.length === 1 ? nameOf(selected[0]!) : `${label}: ${selected.length}`;

  return (
    <div
      className="facet-picker"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          root.current?.querySelector('button')?.focus();
        }
      }}
    >
      <button
        type="button"
        className="select facet-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-label={`Filter by ${label.toLowerCase()}: ${selected.length === 0 ? 'all' : selected.map(nameOf).join(', ')}`}
        data-active={selected.length > 0}
        onClick={() => setOpen((value) => !value)}
      >
        {buttonText}
      </button>
      {open && (
        <div className="facet-panel" id={`${id}-panel`} role="group" aria-label={`${label} values`}>
          {entries.length > 8 && (
            <input className="input" type="search" placeholder={`Find a ${label.toLowerCase()}…`} aria-label={`Find a ${label.toLowerCase()}`} value={narrow} onChange={(event) => setNarrow(event.target.value)} autoFocus />
          )}
          {shown.length === 0 && <p className="muted small">No {label.toLowerCase()} matches.</p>}
          <ul className="facet-list">
            {shown.map(([value, count]) => (
              <li key={value}>
                <label>
                  <input type="checkbox" checked={selected.includes(value)} onChange={() => toggle(value)} />
                  <span className="facet-name">{nameOf(value)}</span>
                  <span className="facet-count">{count}</span>
                </label>
              </li>
            ))}
          </ul>
          {selected.length > 0 && (
            <button type="button" className="button small ghost" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
