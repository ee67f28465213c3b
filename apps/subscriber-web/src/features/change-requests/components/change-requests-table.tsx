import type { ChangeRequest } from '@portals/domain';
import { formatInstant, Table, tableStateOf } from '@portals/web-ui';
import { useChangeRequests } from '../api/get-change-requests';
import {
  changeRequestKindLabels,
  changeRequestStatusLabels,
  describeChange,
  subjectOf,
} from './change-request-labels';

/** The decision as the contact reads it: who decided, when, and why a decline. */
const decisionOf = (request: ChangeRequest) => {
  if (!request.decidedAt) {
    return request.reviewedBy ? `In review by ${request.reviewedBy.name}` : 'Waiting for review';
  }
  const by = `${request.decidedBy?.name ?? 'Staff'}, ${formatInstant(request.decidedAt)}`;
  return request.status === 'declined'
    ? `Declined by ${by}: ${request.declineReason ?? ''}`
    : `Approved by ${by}`;
};

/** The organization's change requests, newest first, with their states and decisions. */
export function ChangeRequestsTable() {
  const requests = useChangeRequests();
  return (
    <div className="card">
      <Table
        caption="Your organization's change requests, newest first"
        rowKey={(request) => request.id}
        state={tableStateOf(requests, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading your change requests…"
        errorSummary="Your change requests could not be loaded."
        empty={{
          message: 'Your organization has notified no changes yet. Notify one from the Subscriptions page.',
        }}
        pages={{ query: requests, failureSummary: 'More change requests could not be loaded.' }}
        columns={[
          {
            key: 'kind',
            header: 'Request',
            rowHeader: true,
            cell: (request) => changeRequestKindLabels[request.kind],
          },
          { key: 'what', header: 'What', cell: (request) => describeChange(request) },
          {
            key: 'subscription',
            header: 'Subscription',
            cell: subjectOf,
          },
          {
            key: 'requested',
            header: 'Requested',
            cell: (request) => (
              <>
                {request.requestedBy.name},{' '}
                <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>
              </>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (request) => (
              <span className={`status status-${request.status}`}>
                {changeRequestStatusLabels[request.status]}
              </span>
            ),
          },
          { key: 'decision', header: 'Decision', cell: decisionOf },
        ]}
      />
    </div>
  );
}
