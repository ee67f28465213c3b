/** Today in the vendor's calendar (UTC), as the API reads dates. */
export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

const isoDay = (year: number, monthIndex: number, day: number) =>
  new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/** The last full calendar quarter before `now` (UTC): what a statement is most often asked for. */
export const lastFullQuarter = (now = new Date()): { from: string; to: string } => {
  const quarterStartMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  const year = now.getUTCFullYear();
  return {
    from: isoDay(year, quarterStartMonth - 3, 1),
    // Day 0 of the current quarter's first month is the last day of the previous quarter.
    to: isoDay(year, quarterStartMonth, 0),
  };
};

/** From the first of January to today (UTC). */
export const yearToDate = (now = new Date()): { from: string; to: string } => ({
  from: isoDay(now.getUTCFullYear(), 0, 1),
  to: todayIso(now),
});
