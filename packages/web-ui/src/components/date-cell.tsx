import { formatDate } from '../lib/format-date';

/** A table cell holding a calendar date, machine-readable in `<time>`. */
export function DateCell({ isoDate }: { isoDate: string }) {
  return (
    <td>
      <time dateTime={isoDate}>{formatDate(isoDate)}</time>
    </td>
  );
}
