import {
  type TicketSeverity,
  type TicketSort,
  type TicketStatus,
  type TicketView,
  ticketSeverities,
  ticketSorts,
  ticketStatuses,
} from '@portals/domain';
import type { TicketListFilters } from '../api/get-tickets';

/** The contact's views, in the order the page offers them. */
export const contactTicketViews = ['mine', 'copied', 'organization'] as const satisfies readonly TicketView[];
export type ContactTicketView = (typeof contactTicketViews)[number];

const isOneOf = <T extends string | number>(values: readonly T[], value: unknown): value is T =>
  values.includes(value as T);

/**
 * The list's view, filters and sort, read from the page's address (`?view=mine&status=open,new&q=…`) so
 * that a reload, a shared link or the back button shows the same list. Anything unknown is ignored.
 */
export const readTicketListParams = (params: URLSearchParams): TicketListFilters => {
  const filters: TicketListFilters = {};
  const view = params.get('view');
  if (isOneOf(contactTicketViews, view)) filters.view = view;
  const statuses = (params.get('status') ?? '').split(',').filter((value) => isOneOf(ticketStatuses, value));
  if (statuses.length > 0) filters.status = statuses as TicketStatus[];
  const severities = (params.get('severity') ?? '')
    .split(',')
    .map(Number)
    .filter((value) => isOneOf(ticketSeverities, value));
  if (severities.length > 0) filters.severity = severities as TicketSeverity[];
  const requesterId = params.get('requesterId');
  if (requesterId) filters.requesterId = requesterId;
  const productId = params.get('productId');
  if (productId) filters.productId = productId;
  const sort = params.get('sort');
  if (isOneOf(ticketSorts, sort)) filters.sort = sort as TicketSort;
  const direction = params.get('direction');
  if (direction === 'asc' || direction === 'desc') filters.direction = direction;
  const q = params.get('q')?.trim();
  if (q) filters.q = q;
  return filters;
};

/** The address's query string for `filters`; the inverse of `readTicketListParams`. */
export const writeTicketListParams = (filters: TicketListFilters): URLSearchParams => {
  const params = new URLSearchParams();
  if (filters.view) params.set('view', filters.view);
  if (filters.status?.length) params.set('status', filters.status.join(','));
  if (filters.severity?.length) params.set('severity', filters.severity.join(','));
  if (filters.requesterId) params.set('requesterId', filters.requesterId);
  if (filters.productId) params.set('productId', filters.productId);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.direction) params.set('direction', filters.direction);
  if (filters.q) params.set('q', filters.q);
  return params;
};
