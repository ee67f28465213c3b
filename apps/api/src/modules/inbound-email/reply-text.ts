import { replyAboveMarker } from '../email/templates/layout';

/** Lines that begin the quoted history mail clients put below (or above) a reply. */
const historyStarts: readonly RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Tue, 1 Dec 2026 at 10:00, Support <…> wrote:" (one or two lines).
  /^\s*On\b.{0,300}\bwrote:\s*$/i,
  // Outlook and others.
  /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  // Outlook's header block: "From: …" followed by Sent/Date/To/Subject lines.
  /^\s*\*?From:\*?\s.+$/i,
  // Other languages' clients: "Am … schrieb …:", "Le … a écrit :", "El … escribió:".
  /^\s*Am\b.{0,300}\bschrieb\b.{0,300}:\s*$/i,
  /^\s*Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^\s*El\b.{0,300}\bescribió\s*:\s*$/i,
];

/** Outlook's "From:" starts history only when a header line (Sent, Date, To, Subject) follows it. */
const isOutlookHeader = (lines: readonly string[], at: number): boolean =>
  lines.slice(at + 1, at + 4).some((line) => /^\s*\*?(Sent|Date|To|Subject|Cc):\*?\s/i.test(line));

const startsHistory = (lines: readonly string[], at: number): boolean => {
  const line = lines[at] ?? '';
  if (line.includes(replyAboveMarker)) return true;
  // A two-line "On … <address>\nwrote:" as some clients wrap it.
  const next = lines[at + 1] ?? '';
  if (/^\s*On\b/i.test(line) && /^\s*wrote:\s*$/i.test(next)) return true;
  return historyStarts.some((pattern, index) => {
    if (!pattern.test(line)) return false;
    return index === 4 ? isOutlookHeader(lines, at) : true;
  });
};

/**
 * The words of a reply without the history its client quoted: everything from the first line that starts
 * a quoted history (the notification's marker, "On … wrote:", "-----Original Message-----", an Outlook
 * header block) is cut, and so are the `>` lines left, and a trailing signature separator ("-- ").
 */
export const stripQuotedHistory = (text: string): string => {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((_line, index) => startsHistory(lines, index));
  const kept = (end < 0 ? lines : lines.slice(0, end)).filter((line) => !/^\s*>/.test(line));
  const signature = kept.findIndex((line) => line === '-- ' || line === '--');
  const words = signature < 0 ? kept : kept.slice(0, signature);
  return words
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};
