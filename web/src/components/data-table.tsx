import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { FlexRender, createColumnHelper, rowSelectionFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type Row, type RowData, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';

/** Per column: its grid track (`120px`, `minmax(200px, 2fr)`), and whether a phone shows it. */
export interface DataColumnMeta {
  width: string;
  /** Its track below 760 px wide (default: `width`). */
  narrowWidth?: string;
  /** `low`: hidden below 760 px wide, so the important columns fit a phone. */
  priority?: 'high' | 'low';
  /** Accessible header text when the header shows none (e.g. the selection column). */
  label?: string;
  className?: string;
}

export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnMeta: {} as DataColumnMeta });
export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of one table hold different value types
export type DataColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;
export const dataColumnHelper = <T extends RowData>() => createColumnHelper<DataTableFeatures, T>();

export interface DataTableProps<T extends RowData> {
  /** Accessible name of the table. */
  label: string;
  columns: DataColumn<T>[];
  data: T[];
  getRowId: (row: T) => string;
  /** Rows on all pages (aria-rowcount); defaults to the rows loaded. */
  total?: number;
  /** Server-side sorting: the table only shows and changes it. */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  /** Selected rows by id; with `onSelectionChange`, a checkbox column is added. */
  selection?: RowSelectionState;
  onSelectionChange?: (selection: RowSelectionState) => void;
  /** Infinite scroll: called when the last rows come into view. */
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  /** Every row has this height (px): rows are virtualized, only those in view are in the DOM. */
  rowHeight?: number;
  /** Row height below 760 px wide, where cells fold in what the hidden columns said (default: `rowHeight`). */
  narrowRowHeight?: number;
  /** Height of the scrolling area (CSS); by default it grows with the rows up to the window's height. */
  height?: string;
  /** How a row is named to assistive technology ("Select …"); default its id. */
  getRowLabel?: (row: T) => string;
  /** Extra attributes per row (e.g. `data-status`). */
  rowAttributes?: (row: T) => Record<string, string | undefined>;
  /** Shown below the rows (e.g. "All 120 shown"). */
  footer?: ReactNode;
  /** What a click on the row (outside its links and controls) or Enter on the focused row does: open it. */
  onRowOpen?: (row: T) => void;
}

const HEADER_HEIGHT = 34;

/** Elements that do their own thing on a click: a row that opens leaves those alone. */
const OWN_CLICK = 'a, button, input, select, textarea, label, summary, [role="button"]';

/**
 * Whether a click at `target` inside a row opens the row: not on a link or control (the name's
 * link, the selection checkbox), and not the end of selecting text to copy it.
 */
export function opensRow(target: EventTarget | null, row: Element, selectedText = ''): boolean {
  if (selectedText) return false;
  const element = target instanceof Element ? target : null;
  const own = element?.closest(OWN_CLICK);
  return !(own && row.contains(own));
}
const SELECT_COLUMN = '__select';

/** Below this width the `low` columns hide (the same breakpoint as the stylesheet's). */
const NARROW = '(max-width: 760px)';
const subscribeNarrow = (listener: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
};

/** Whether the window is narrow (a phone): the table folds columns and rows grow. */
function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

function selectionColumn<T extends RowData>(getRowLabel: ((row: T) => string) | undefined): DataColumn<T> {
  return {
    id: SELECT_COLUMN,
    enableSorting: false,
    meta: { width: '40px', narrowWidth: '30px', label: 'Select' },
    // Rendered by DataTable itself: counting the selection per render must not walk every row.
    header: () => null,
    cell: ({ row }) => <input type="checkbox" className="row-check" aria-label={`Select ${getRowLabel ? getRowLabel(row.original) : row.id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  };
}

/**
 * The app's table for long lists: TanStack Table for columns, sorting and selection state;
 * TanStack Virtual so only the rows in view are rendered (50,000 rows scroll like 50). Data,
 * sorting and paging are the caller's (server-side); this component renders and reports.
 * Rows are fixed-height grid rows with ARIA table roles, so screen readers read a table.
 */
export function DataTable<T extends RowData>({
  label,
  columns,
  data,
  getRowId,
  total,
  sorting = [],
  onSortingChange,
  selection,
  onSelectionChange,
  hasMore = false,
  loadingMore = false,
  onLoadMore,
  rowHeight: wideRowHeight = 52,
  narrowRowHeight,
  height,
  rowAttributes,
  getRowLabel,
  footer,
  onRowOpen,
}: DataTableProps<T>) {
  const allColumns = useColumns(columns, onSelectionChange !== undefined, getRowLabel);
  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data,
    getRowId,
    manualSorting: true,
    enableSortingRemoval: false,
    enableRowSelection: onSelectionChange !== undefined,
    state: { sorting, rowSelection: selection ?? {} },
    onSortingChange: (updater) => onSortingChange?.(typeof updater === 'function' ? updater(sorting) : updater),
    onRowSelectionChange: (updater) => onSelectionChange?.(typeof updater === 'function' ? updater(selection ?? {}) : updater),
  });

  const narrow = useNarrow();
  const rowHeight = narrow ? (narrowRowHeight ?? wideRowHeight) : wideRowHeight;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  // Stable between renders: the virtualizer recomputes every row's position when these change.
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    // One row beyond the view each way: each one more is a row more to render, style and lay
    // out in every frame of a fast scroll (1 → 4 took a 50,000-row sweep from 52 to 39 fps).
    overscan: 1,
    scrollMargin: HEADER_HEIGHT,
  });
  // Rows are placed by their estimated height: a new height (the window crossed the breakpoint) places them again.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const slots = useRowSlots(items.map((item) => rows[item.index]?.id ?? String(item.index)));
  const selectedCount = useMemo(() => Object.values(selection ?? {}).filter(Boolean).length, [selection]);
  const allSelected = rows.length > 0 && selectedCount >= rows.length;

  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && onLoadMore && lastIndex >= rows.length - 1 - 20) onLoadMore();
  }, [hasMore, loadingMore, onLoadMore, lastIndex, rows.length]);

  const metas = table.getAllLeafColumns().map((column) => column.columnDef.meta);
  const style = {
    '--dt-cols': metas.map((meta) => meta?.width ?? 'minmax(120px, 1fr)').join(' '),
    '--dt-cols-narrow': metas
      .filter((meta) => meta?.priority !== 'low')
      .map((meta) => meta?.narrowWidth ?? meta?.width ?? 'minmax(0, 1fr)')
      .join(' '),
    '--dt-row-height': `${rowHeight}px`,
    '--dt-header-height': `${HEADER_HEIGHT}px`,
    ...(height ? { height, maxHeight: 'none' } : {}),
  } as CSSProperties;

  return (
    <div className="data-table" ref={scrollRef} role="table" aria-label={label} aria-rowcount={(total ?? rows.length) + 1} style={style} tabIndex={0}>
      <div role="rowgroup" className="dt-head">
        {table.getHeaderGroups().map((group) => (
          <div role="row" className="dt-row" key={group.id} aria-rowindex={1}>
            {group.headers.map((header) => {
              const meta = header.column.columnDef.meta;
              const sorted = header.column.getIsSorted();
              const content =
                header.column.id === SELECT_COLUMN ? (
                  <input
                    type="checkbox"
                    className="row-check"
                    aria-label="Select all loaded rows"
                    checked={allSelected}
                    ref={(element) => {
                      if (element) element.indeterminate = selectedCount > 0 && !allSelected;
                    }}
                    onChange={() => onSelectionChange?.(allSelected ? {} : Object.fromEntries(rows.map((row) => [row.id, true])))}
                  />
                ) : header.isPlaceholder ? null : (
                  <table.FlexRender header={header} />
                );
              return (
                <div
                  role="columnheader"
                  key={header.id}
                  className={`dt-cell dt-th${meta?.className ? ` ${meta.className}` : ''}`}
                  data-priority={meta?.priority}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  aria-label={meta?.label}
                >
                  {header.column.getCanSort() && onSortingChange ? (
                    <button type="button" className="dt-sort" onClick={header.column.getToggleSortingHandler()} title="Sort by this column">
                      {content}
                      <span className="dt-sort-mark" aria-hidden="true">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    content
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="dt-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item, position) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <DataRow
              // Keyed by slot, not by row: a row leaving the view hands its DOM to the one coming
              // in (React updates text and attributes instead of removing and building ~30
              // elements per row, every frame of a fast scroll).
              key={slots[position]}
              row={row}
              index={item.index}
              top={item.start - virtualizer.options.scrollMargin}
              selected={onSelectionChange ? row.getIsSelected() : undefined}
              rowAttributes={rowAttributes}
              onOpen={onRowOpen}
            />
          );
        })}
      </div>
      <div className="dt-footer">{loadingMore ? <span className="loading-inline"><span className="spinner" aria-hidden="true" /> Loading more…</span> : footer}</div>
    </div>
  );
}

/**
 * A small number per rendered row, stable while the row stays rendered: rows still in view keep
 * theirs (nothing re-renders), rows coming into view take the lowest free ones, left by rows that
 * went out of view. Pure: the same previous assignment and ids give the same answer.
 */
export function assignRowSlots(previous: ReadonlyMap<string, number>, ids: readonly string[]): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot !== undefined && !taken.has(slot)) {
      next.set(id, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const id of ids) {
    if (next.has(id)) continue;
    while (taken.has(free)) free += 1;
    next.set(id, free);
    taken.add(free);
  }
  return next;
}

function useRowSlots(ids: readonly string[]): number[] {
  const assigned = useRef<ReadonlyMap<string, number>>(new Map());
  const next = assignRowSlots(assigned.current, ids);
  assigned.current = next;
  return ids.map((id) => next.get(id)!);
}

/**
 * One row. Memoized: while scrolling only the rows that come into view render; the others keep
 * their output (their row object, position and selection are unchanged).
 */
interface DataRowProps<T extends RowData> {
  row: Row<DataTableFeatures, T>;
  index: number;
  top: number;
  selected: boolean | undefined;
  rowAttributes: ((row: T) => Record<string, string | undefined>) | undefined;
  onOpen: ((row: T) => void) | undefined;
}

const DataRow = memo(function DataRow<T extends RowData>({
  row,
  index,
  top,
  selected,
  rowAttributes,
  onOpen,
}: DataRowProps<T>) {
  const opening = onOpen
    ? {
        tabIndex: 0,
        'data-opens': 'true',
        onClick: (event: MouseEvent<HTMLDivElement>) => {
          if (opensRow(event.target, event.currentTarget, window.getSelection()?.toString() ?? '')) onOpen(row.original);
        },
        onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
          // Enter on the row itself; on a link or checkbox inside it, Enter is theirs.
          if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(row.original);
        },
      }
    : {};
  return (
    <div role="row" className="dt-row" aria-rowindex={index + 2} aria-selected={selected} style={{ transform: `translateY(${top}px)` }} {...opening} {...rowAttributes?.(row.original)}>
      {row.getAllCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <div role="cell" key={cell.column.id} className={`dt-cell${meta?.className ? ` ${meta.className}` : ''}`} data-priority={meta?.priority}>
            <FlexRender cell={cell} />
          </div>
        );
      })}
    </div>
  );
}) as <T extends RowData>(props: DataRowProps<T>) => ReactNode;

/** The caller's columns, with the selection column first when rows can be selected (stable per input). */
function useColumns<T extends RowData>(columns: DataColumn<T>[], selectable: boolean, getRowLabel: ((row: T) => string) | undefined): DataColumn<T>[] {
  return useMemo(() => (selectable ? [selectionColumn<T>(getRowLabel), ...columns] : columns), [columns, selectable, getRowLabel]);
}
