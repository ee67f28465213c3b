import {
  type SubscriptionTier,
  type TicketFilters,
  type TicketSeverity,
  type TicketSort,
  ticketSeverities,
  unresolvedTicketStatuses,
} from '@portals/domain';

export const queueViewIds = [
  'unassigned',
  'mine',
  'waiting_on_us',
  'waiting_on_customer',
  'severity',
  'tier',
  'organization',
] as const;
export type QueueViewId = (typeof queueViewIds)[number];

/** The view the page's address names (`?view=mine`: the home overview's links), else the unassigned one. */
export const queueViewOf = (value: string | null): QueueViewId =>
  queueViewIds.find((view) => view === value) ?? 'unassigned';

export const queueViewLabels: Record<QueueViewId, string> = {
  unassigned: 'Unassigned',
  mine: 'Mine',
  waiting_on_us: 'Waiting on us',
  waiting_on_customer: 'Waiting on the customer',
  severity: 'By severity',
  tier: 'By tier',
  organization: 'By organization',
};

/** What the by-severity, by-tier and by-organization views narrow to. */
export interface QueueChoices {
  severity: TicketSeverity;
  tier: SubscriptionTier;
  /** Chosen with the organization picker or from a ticket's row ("Only this organization"); none until then. */
  organizationId: string | null;
  organizationName: string | null;
}

export const defaultQueueChoices: QueueChoices = {
  severity: ticketSeverities[0],
  tier: 'premium',
  organizationId: null,
  organizationName: null,
};

/** The list's and the counts' filters for a view; null when the view still needs a choice. */
export const queueFiltersOf = (view: QueueViewId, choices: QueueChoices): TicketFilters | null => {
  switch (view) {
    case 'unassigned':
      return { view: 'unassigned' };
    case 'mine':
      // Work still to do, as in the unassigned view: solved and closed tickets are found by search.
      return { view: 'assigned_to_me', status: [...unresolvedTicketStatuses] };
    case 'waiting_on_us':
      return { view: 'waiting_on_us' };
    case 'waiting_on_customer':
      return { view: 'waiting_on_customer' };
    case 'severity':
      return { view: 'all', severity: [choices.severity] };
    case 'tier':
      return { view: 'all', tier: choices.tier };
    case 'organization':
      return choices.organizationId ? { view: 'all', organizationId: choices.organizationId } : null;
  }
};

export const ticketSortLabels: Record<TicketSort, string> = {
  last_activity: 'Last activity',
  created: 'Opened',
  severity: 'Severity',
  number: 'Number',
  response_due: 'Response due',
};
