import { formatDate } from '../lib/format-date';

/**
 * A table cell holding a calendar date, machine-readable in `<time>`; `label` names it in a stacked
 * table's card (its column's header, see `Table`).
 */
export function DateCell({ isoDate, label }: { isoDate: string; label?: string }) {
  return (
    <td data-label={label}>
      <time dateTime={isoDate}>{formatDate(isoDate)}</time>
    </td>
  );
}
