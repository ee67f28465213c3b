import type { TicketRatingReport, TicketRatingReportItem, TicketRatingReportQuery } from '@portals/domain';
import { formatInstant, Table, tableStateOf } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { useTicketRatingsReport } from '../api/get-ticket-ratings-report';

type MonthRow = TicketRatingReport['months'][number];

/** How many of the period's latest ratings the page lists (the counts cover them all). */
const latestShown = 20;

const goodShare = (row: MonthRow) => `${Math.round((row.good / (row.good + row.bad)) * 100)} %`;

/** Staff: how requesters rated their solved tickets, per month, and the latest ratings with their comments. */
export function RatingsReport({ months }: { months: TicketRatingReportQuery }) {
  const report = useTicketRatingsReport(months);
  return (
    <>
      <h2>Ratings</h2>
      <Table<MonthRow>
        caption={`Ratings from ${months.from} to ${months.to}, by the month they were given`}
        rowKey={(row) => row.month}
        state={tableStateOf(report, (data) => data.months)}
        loadingMessage="Loading the ratings…"
        errorSummary="The ratings could not be loaded."
        empty={{ message: 'No solved ticket was rated in these months.' }}
        columns={[
          { key: 'month', header: 'Month', rowHeader: true, nowrap: true, cell: (row) => row.month },
          { key: 'good', header: 'Good', numeric: true, cell: (row) => row.good },
          { key: 'bad', header: 'Bad', numeric: true, cell: (row) => row.bad },
          { key: 'share', header: 'Good share', numeric: true, cell: goodShare },
        ]}
      />
      {report.data && report.data.items.length > 0 ? (
        <Table<TicketRatingReportItem>
          caption={`The latest ${Math.min(latestShown, report.data.items.length)} ratings`}
          rowKey={(item) => item.ticketId}
          state={{ status: 'data', rows: report.data.items.slice(0, latestShown) }}
          errorSummary="The ratings could not be loaded."
          empty={{ message: 'No ratings.' }}
          columns={[
            {
              key: 'ticket',
              header: 'Ticket',
              rowHeader: true,
              cell: (item) => (
                <Link to={`/staff/tickets/${item.ticketId}`}>
                  #{item.ticketNumber} {item.ticketSubject}
                </Link>
              ),
            },
            { key: 'organization', header: 'Organization', cell: (item) => item.organizationName },
            { key: 'rating', header: 'Rating', cell: (item) => (item.rating === 'good' ? 'Good' : 'Bad') },
            { key: 'comment', header: 'Comment', cell: (item) => item.comment ?? '' },
            {
              key: 'rated',
              header: 'Rated',
              nowrap: true,
              cell: (item) => `${item.ratedBy.name}, ${formatInstant(item.ratedAt)}`,
            },
          ]}
        />
      ) : null}
    </>
  );
}
