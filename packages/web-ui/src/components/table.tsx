import { type ReactNode, useId } from 'react';
import { ApiErrorMessage } from './api-error-message';
import { LoadMore, type PagedQuery } from './load-more';
import { ScrollRegion } from './scroll-region';

export interface TableColumn<Row> {
  /** Unique among the columns. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, with digits of equal width. */
  numeric?: boolean;
  /** The cell that names the row (a row header for screen readers); usually the first column. */
  rowHeader?: boolean;
  /** Keeps a short value (a date, a status) on one line. */
  nowrap?: boolean;
  /**
   * Labels the column's cells where the table is shown as stacked cards (below 640 px). Defaults to the
   * header when it is plain text; a column without one (the actions) shows its cells unlabelled.
   */
  label?: string;
}

/** The words that label a column's cells in a stacked card: `label`, or the header when it is text. */
export const columnLabel = (column: Pick<TableColumn<unknown>, 'label' | 'header'>): string | undefined =>
  column.label ?? (typeof column.header === 'string' ? column.header : undefined);

/** What the table shows: the rows, or why there are none yet. */
export type TableState<Row> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'data'; rows: readonly Row[] };

/** The part of a TanStack query the table needs to tell its state. */
export interface TableQuery<Data> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: Data | undefined;
  isFetchNextPageError?: boolean;
  refetch: () => Promise<unknown>;
}

/**
 * A query's table state: loading until the first answer, the error when the first page failed (a
 * failed "Load more" keeps the rows already shown), and the rows `toRows` reads from the data.
 */
export function tableStateOf<Data, Row>(
  query: TableQuery<Data>,
  toRows: (data: Data) => readonly Row[],
): TableState<Row> {
  if (query.isPending) return { status: 'loading' };
  if ((query.isError && !query.isFetchNextPageError) || query.data === undefined) {
    return {
      status: 'error',
      error: query.error,
      retry: () => {
        void query.refetch();
      },
    };
  }
  return { status: 'data', rows: toRows(query.data) };
}

/** Rows chosen with the checkboxes, for the table's bulk actions. */
export interface TableSelection {
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
}

export interface TableProps<Row> {
  /** What the table lists, read out first: "Your subscriptions". Hidden when `captionHidden`. */
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rowKey: (row: Row) => string;
  state: TableState<Row>;
  /** What loads, in the page's words: "Loading your subscriptions…". */
  loadingMessage?: string;
  /** What could not be loaded: "Your subscriptions could not be loaded." */
  errorSummary: string;
  /** Shown when there are no rows: the message and, optionally, what to do about it. */
  empty: { message: ReactNode; action?: ReactNode };
  /** A list read page by page gets "Load more" under the rows. */
  pages?: { query: PagedQuery; failureSummary: string };
  /** Checkboxes to choose rows for bulk actions; `rowLabel` names a row for its checkbox. */
  selection?: TableSelection & { rowLabel: (row: Row) => string };
}

/**
 * A table with its loading, error and empty states, "Load more" for cursor pages, optional row
 * selection, and a scrolling wrapper so a wide table never widens the page. Below 640 px each row is a
 * card (styles.css, `.table-stack`): its cells one under the other, each labelled by its column's header
 * (`data-label`), the row header first and the row's actions kept.
 */
export function Table<Row>({
  caption,
  captionHidden = false,
  columns,
  rowKey,
  state,
  loadingMessage = 'Loading…',
  errorSummary,
  empty,
  pages,
  selection,
}: TableProps<Row>) {
  const selectAllId = useId();
  const captionId = useId();
  if (state.status === 'loading') {
    return (
      <p className="table-loading" role="status" aria-busy="true">
        {loadingMessage}
      </p>
    );
  }
  if (state.status === 'error') {
    return <ApiErrorMessage summary={errorSummary} error={state.error} onRetry={state.retry} />;
  }
  if (state.rows.length === 0) {
    return (
      <div className="table-empty">
        {typeof empty.message === 'string' ? <p>{empty.message}</p> : empty.message}
        {empty.action ? <div className="actions">{empty.action}</div> : null}
      </div>
    );
  }
  const keys = state.rows.map(rowKey);
  const allSelected = selection ? keys.every((key) => selection.selected.has(key)) : false;
  return (
    <>
      <ScrollRegion labelledBy={captionId}>
        <table className="table table-stack">
          <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
          <thead>
            <tr>
              {selection ? (
                <th scope="col" className="table-select">
                  <input
                    id={selectAllId}
                    type="checkbox"
                    aria-label="Select all rows"
                    checked={allSelected}
                    onChange={() => selection.onChange(allSelected ? new Set() : new Set(keys))}
                  />
                </th>
              ) : null}
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.numeric ? 'number' : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {state.rows.map((row) => {
              const key = rowKey(row);
              return (
                <tr key={key}>
                  {selection ? (
                    <td className="table-select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${selection.rowLabel(row)}`}
                        checked={selection.selected.has(key)}
                        onChange={() => {
                          const next = new Set(selection.selected);
                          if (next.has(key)) next.delete(key);
                          else next.add(key);
                          selection.onChange(next);
                        }}
                      />
                    </td>
                  ) : null}
                  {columns.map((column) => {
                    const className =
                      [column.numeric ? 'number' : null, column.nowrap ? 'nowrap' : null]
                        .filter(Boolean)
                        .join(' ') || undefined;
                    return column.rowHeader ? (
                      <th key={column.key} scope="row" className={className}>
                        {column.cell(row)}
                      </th>
                    ) : (
                      <td key={column.key} className={className} data-label={columnLabel(column)}>
                        {/* One box beside the label in a stacked card, whatever the cell holds. */}
                        <div className="table-cell-value">{column.cell(row)}</div>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {pages ? <LoadMore query={pages.query} failureSummary={pages.failureSummary} /> : null}
    </>
  );
}
