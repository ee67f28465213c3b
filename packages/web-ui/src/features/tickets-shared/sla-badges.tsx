import type { TicketSla } from '@portals/domain';
import { formatInstant } from '../../lib/format-instant';

/** How close a response target is: what the staff's colour says. */
export type SlaUrgency = 'overdue' | 'due_soon' | 'on_track' | 'paused' | 'none';

export const slaUrgencyOf = (sla: TicketSla, now: Date): SlaUrgency => {
  if (!sla.owed) return 'none';
  if (!sla.dueAt) return sla.pausedAt ? 'paused' : 'none';
  if (new Date(sla.dueAt) <= now) return 'overdue';
  if (sla.warnAt && new Date(sla.warnAt) <= now) return 'due_soon';
  return 'on_track';
};

/** A span of minutes as people say it: `45 min`, `3 h 05 min`, `2 d 4 h`. */
export const formatDuration = (minutes: number): string => {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  if (hours < 48) return `${hours} h ${String(whole % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
};

const responseLabels = { first_response: 'First response', next_response: 'Next response' } as const;

/**
 * Staff: the owed response's time left (or overdue), coloured by urgency; the due time on hover. Nothing
 * when no response is owed.
 */
export function SlaTimeLeft({ sla, now = new Date() }: { sla: TicketSla; now?: Date }) {
  const urgency = slaUrgencyOf(sla, now);
  if (urgency === 'none' || !sla.owed) return <span className="muted">—</span>;
  const label = responseLabels[sla.owed];
  if (urgency === 'paused' || !sla.dueAt) {
    return (
      <span
        className="status sla-paused"
        title={`${label}: the clock is paused while the customer is waited on`}
      >
        Paused
      </span>
    );
  }
  const left = (new Date(sla.dueAt).getTime() - now.getTime()) / 60_000;
  return (
    <span
      className={`status sla-${urgency}`}
      title={`${label} due ${formatInstant(sla.dueAt, { withTime: true })}`}
    >
      {left <= 0 ? `${formatDuration(-left)} overdue` : `${formatDuration(left)} left`}
    </span>
  );
}

/** A contact: when the vendor will answer, if an answer is owed and the clock runs. */
export function SlaPromise({ sla }: { sla: TicketSla }) {
  if (!sla.owed) return null;
  if (!sla.dueAt) {
    return sla.pausedAt ? (
      <p className="muted">We are waiting on your answer; our response time resumes when you reply.</p>
    ) : null;
  }
  return (
    <p>
      We will answer by <strong>{formatInstant(sla.dueAt, { withTime: true })}</strong>.
    </p>
  );
}
