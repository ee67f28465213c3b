/**
 * A moment (`2026-05-01T12:00:00Z`, stored in UTC) in the reader's own zone and format: the date,
 * or the date and time.
 */
export const formatInstant = (
  isoInstant: string,
  { withTime = false, locale }: { withTime?: boolean; locale?: string } = {},
): string =>
  new Intl.DateTimeFormat(
    locale,
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
  ).format(new Date(isoInstant));
