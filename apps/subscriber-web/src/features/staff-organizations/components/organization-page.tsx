import { describeSeatUse, type StaffContactRequest, type StaffOrganization } from '@portals/domain';
import {
  ApiErrorMessage,
  formatInstant,
  PageTitle,
  roleLabels,
  SubscriptionsTableOf,
  Table,
  tableStateOf,
  ticketNumberLabel,
  ticketSeverityLabel,
  ticketStatusLabels,
  tierLabels,
  useCan,
} from '@portals/web-ui';
import { type ReactNode, useId } from 'react';
import { Link } from 'react-router-dom';
import { useInvoices } from '../../invoices/api/get-invoices';
import { DueTotals } from '../../invoices/components/invoice-list';
import { InvoicesTable } from '../../invoices/components/invoices-table';
import { useOrganization } from '../api/get-organization';
import { useOrganizationAudit } from '../api/get-organization-audit';
import { useOrganizationContactRequests } from '../api/get-organization-contact-requests';
import { useOrganizationSubscriptions } from '../api/get-organization-subscriptions';
import { useOrganizationTickets } from '../api/get-organization-tickets';
import { directoryKindOf, organizationDirectoryKindLabels, partnerLevelLabels } from './organization-labels';

const instant = (isoInstant: string) => <time dateTime={isoInstant}>{formatInstant(isoInstant)}</time>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

function Facts({
  organization,
  organizationPath,
}: {
  organization: StaffOrganization;
  organizationPath: (id: string) => string;
}) {
  const kind = organizationDirectoryKindLabels[directoryKindOf(organization)];
  return (
    <dl className="facts card">
      <div>
        <dt>Kind</dt>
        <dd>
          {kind}
          {organization.partnerLevel ? ` (${partnerLevelLabels[organization.partnerLevel]})` : null}
          {organization.registeringPartner ? (
            <>
              {' '}
              registered by{' '}
              <Link to={organizationPath(organization.registeringPartner.id)}>
                {organization.registeringPartner.name}
              </Link>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Tier</dt>
        <dd>{organization.tier ? tierLabels[organization.tier] : 'No active subscription'}</dd>
      </div>
      <div>
        <dt>Support seats</dt>
        <dd>{describeSeatUse(organization.seats)}</dd>
      </div>
      <div>
        <dt>Ticket sharing</dt>
        <dd>{organization.ticketSharing ? 'On: technical contacts see every ticket' : 'Off'}</dd>
      </div>
      <div>
        <dt>In the portals since</dt>
        <dd>{instant(organization.createdAt)}</dd>
      </div>
      <div>
        <dt>Order Forms</dt>
        <dd>
          {organization.orderForms.length === 0
            ? 'None processed here'
            : organization.orderForms.map((form) => form.number).join(', ')}
        </dd>
      </div>
    </dl>
  );
}

function Contacts({ organization }: { organization: StaffOrganization }) {
  return (
    <Section title="Contacts">
      <div className="card">
        <Table
          caption={`Contacts of ${organization.name}`}
          captionHidden
          rowKey={(contact) => contact.id}
          state={{ status: 'data', rows: organization.contacts }}
          errorSummary="The contacts could not be loaded."
          empty={{ message: 'This organization has no contacts.' }}
          columns={[
            { key: 'name', header: 'Name', rowHeader: true, cell: (contact) => contact.name },
            { key: 'email', header: 'Email', cell: (contact) => contact.email },
            { key: 'phone', header: 'Phone', cell: (contact) => contact.phone ?? '—' },
            {
              key: 'roles',
              header: 'Roles',
              cell: (contact) =>
                contact.roles.length > 0
                  ? contact.roles.map((role) => roleLabels[role]).join(', ')
                  : 'No role',
            },
            {
              key: 'status',
              header: 'Status',
              cell: (contact) => (contact.active ? 'Active' : 'Inactive'),
            },
          ]}
        />
      </div>
    </Section>
  );
}

function Subscriptions({ organizationId }: { organizationId: string }) {
  return (
    <Section title="Subscriptions">
      <SubscriptionsTableOf
        subscriptions={useOrganizationSubscriptions(organizationId)}
        wording={{
          caption: 'Subscriptions',
          loadingMessage: 'Loading the subscriptions…',
          errorSummary: 'The subscriptions could not be loaded.',
          emptyMessage: 'This organization has no subscriptions.',
        }}
      />
    </Section>
  );
}

function Tickets({
  organizationId,
  ticketUrl,
}: {
  organizationId: string;
  ticketUrl: (ticketId: string) => string;
}) {
  const tickets = useOrganizationTickets(organizationId);
  return (
    <Section title="Tickets">
      <div className="card">
        <Table
          caption="Tickets, latest activity first"
          captionHidden
          rowKey={(ticket) => ticket.id}
          state={tableStateOf(tickets, (data) => data.pages.flatMap((page) => page.items))}
          loadingMessage="Loading the tickets…"
          errorSummary="The tickets could not be loaded."
          empty={{ message: 'This organization has opened no tickets.' }}
          pages={{ query: tickets, failureSummary: 'More tickets could not be loaded.' }}
          columns={[
            {
              key: 'number',
              header: 'Ticket',
              rowHeader: true,
              nowrap: true,
              // The staff ticket page is the Support Portal's: a link out of this portal.
              cell: (ticket) => <a href={ticketUrl(ticket.id)}>{ticketNumberLabel(ticket)}</a>,
            },
            { key: 'subject', header: 'Subject', cell: (ticket) => ticket.subject },
            { key: 'status', header: 'Status', cell: (ticket) => ticketStatusLabels[ticket.status] },
            { key: 'severity', header: 'Severity', cell: (ticket) => ticketSeverityLabel(ticket.severity) },
            { key: 'requester', header: 'Requester', cell: (ticket) => ticket.requester.name },
            { key: 'activity', header: 'Last activity', cell: (ticket) => instant(ticket.lastActivityAt) },
          ]}
        />
      </div>
    </Section>
  );
}

function Invoices({
  organizationId,
  invoicePath,
}: {
  organizationId: string;
  invoicePath: (invoiceId: string) => string;
}) {
  const invoices = useInvoices({ organizationId });
  const totals = invoices.data?.pages[0]?.totals ?? [];
  return (
    <Section title="Invoices">
      {totals.length > 0 ? <DueTotals totals={totals} filtered={false} /> : null}
      <div className="card">
        <InvoicesTable
          invoices={invoices}
          invoicePath={invoicePath}
          caption="Invoices, latest issued first"
          empty={{ message: 'This organization has no invoices, not even a draft.' }}
        />
      </div>
    </Section>
  );
}

const requestLabel = (request: StaffContactRequest): string =>
  request.kind === 'technical_contact'
    ? `Additional technical contact: ${request.name ?? ''} (${request.email ?? ''})`
    : 'Main contact handover';

const requestStatusLabels: Record<StaffContactRequest['status'], string> = {
  pending: 'Pending',
  approved: 'Approved',
  declined: 'Declined',
};

function ContactRequests({ organizationId }: { organizationId: string }) {
  const requests = useOrganizationContactRequests(organizationId);
  return (
    <Section title="Contact requests">
      <div className="card">
        <Table
          caption="Contact requests, oldest first"
          captionHidden
          rowKey={(request) => request.id}
          state={tableStateOf(requests, (data) => data.pages.flatMap((page) => page.items))}
          loadingMessage="Loading the contact requests…"
          errorSummary="The contact requests could not be loaded."
          empty={{ message: 'This organization has made no contact requests.' }}
          pages={{ query: requests, failureSummary: 'More contact requests could not be loaded.' }}
          columns={[
            { key: 'request', header: 'Request', rowHeader: true, cell: requestLabel },
            { key: 'status', header: 'Status', cell: (request) => requestStatusLabels[request.status] },
            {
              key: 'beyond',
              header: 'Beyond the allowance',
              cell: (request) => (request.exceedsAllowance ? 'Yes' : 'No'),
            },
            { key: 'requested', header: 'Requested', cell: (request) => instant(request.createdAt) },
            {
              key: 'decided',
              header: 'Decided',
              cell: (request) => (request.decidedAt ? instant(request.decidedAt) : '—'),
            },
          ]}
        />
      </div>
    </Section>
  );
}

function AuditTrail({ organization }: { organization: StaffOrganization }) {
  const audit = useOrganizationAudit(organization.id);
  const contactNames = new Map(organization.contacts.map((contact) => [contact.id, contact.name]));
  return (
    <Section title="Audit trail">
      <div className="card">
        <Table
          caption="Audit trail, newest first"
          captionHidden
          rowKey={(entry) => String(entry.id)}
          state={tableStateOf(audit, (data) => data.pages.flatMap((page) => page.items))}
          loadingMessage="Loading the audit trail…"
          errorSummary="The audit trail could not be loaded."
          empty={{ message: 'Nothing is recorded for this organization yet.' }}
          pages={{ query: audit, failureSummary: 'More of the audit trail could not be loaded.' }}
          columns={[
            {
              key: 'when',
              header: 'When',
              rowHeader: true,
              nowrap: true,
              cell: (entry) => instant(entry.createdAt),
            },
            { key: 'action', header: 'Action', cell: (entry) => entry.action },
            {
              key: 'actor',
              header: 'By',
              cell: (entry) =>
                entry.actorUserId === null
                  ? 'The system'
                  : (contactNames.get(entry.actorUserId) ?? 'Staff or a former contact'),
            },
          ]}
        />
      </div>
    </Section>
  );
}

/**
 * An organization as staff open it: who it is, its contacts with roles and seat use, its
 * subscriptions, and, for those who may read them, its invoices, tickets, contact requests and audit trail.
 */
export function OrganizationPage({
  organizationId,
  organizationPath,
  directoryPath,
  ticketUrl,
  invoicePath,
  billingSections,
}: {
  organizationId: string;
  organizationPath: (id: string) => string;
  directoryPath: string;
  ticketUrl: (ticketId: string) => string;
  invoicePath: (invoiceId: string) => string;
  /** For those who read invoices: what the app adds beside them (account credit, statements). */
  billingSections?: ((organization: StaffOrganization) => ReactNode) | undefined;
}) {
  const can = useCan();
  const organization = useOrganization(organizationId);
  if (organization.isPending) {
    return (
      <p className="table-loading" role="status" aria-busy="true">
        Loading the organization…
      </p>
    );
  }
  if (organization.isError) {
    return (
      <ApiErrorMessage
        summary="The organization could not be loaded."
        error={organization.error}
        onRetry={() => void organization.refetch()}
      />
    );
  }
  const data = organization.data;
  return (
    <>
      <PageTitle>{data.name}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={directoryPath}>Organizations</Link>
      </nav>
      <h1>{data.name}</h1>
      <Facts organization={data} organizationPath={organizationPath} />
      <Contacts organization={data} />
      {can('subscription:read:any') ? <Subscriptions organizationId={data.id} /> : null}
      {can('invoice:read:any') ? <Invoices organizationId={data.id} invoicePath={invoicePath} /> : null}
      {can('invoice:read:any') ? billingSections?.(data) : null}
      {can('ticket:read:any') ? <Tickets organizationId={data.id} ticketUrl={ticketUrl} /> : null}
      {can('contact_request:read:any') ? <ContactRequests organizationId={data.id} /> : null}
      {can('audit:read:any') ? <AuditTrail organization={data} /> : null}
    </>
  );
}
