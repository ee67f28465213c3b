/**
 * A calendar date (`2026-01-31`) in the reader's own format. It is a date, not an instant: read
 * and shown in UTC so no time zone moves it to the day before.
 */
export const formatDate = (isoDate: string, locale?: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
