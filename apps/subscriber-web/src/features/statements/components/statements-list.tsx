import { formatMoney, type StatementPage, type StatementSummary } from '@portals/domain';
import { formatDate, formatInstant, Table, tableStateOf } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { useStatements } from '../api/get-statements';

const date = (isoDate: string) => <time dateTime={isoDate}>{formatDate(isoDate)}</time>;

/** What a statement is and how to make one: the list's empty state. */
export const statementsExplained =
  'A statement lists, for one currency and period, the balance at its start, every invoice and payment in it with the running balance, the balance at its end and how old what remained due was. Choose a currency and a period above and produce one: it is kept here, as produced, to read and download again.';

/** The statements generated, latest first, each linking to its page; page by page. */
export function StatementsList({
  organizationId,
  statementPath,
}: {
  organizationId?: string | undefined;
  statementPath: (statementId: string) => string;
}) {
  const statements = useStatements(organizationId);
  return (
    <Table<StatementSummary>
      caption="Statements produced, latest first"
      captionHidden
      rowKey={(statement) => statement.id}
      state={tableStateOf(statements, (data: { pages: StatementPage[] }) =>
        data.pages.flatMap((page) => page.items),
      )}
      loadingMessage="Loading the statements…"
      errorSummary="The statements could not be loaded."
      empty={{ message: statementsExplained }}
      pages={{ query: statements, failureSummary: 'More statements could not be loaded.' }}
      columns={[
        {
          key: 'period',
          header: 'Period',
          rowHeader: true,
          cell: (statement) => (
            <Link to={statementPath(statement.id)}>
              {statement.currency}, {formatDate(statement.from)} to {formatDate(statement.to)}
            </Link>
          ),
        },
        { key: 'from', header: 'From', nowrap: true, cell: (statement) => date(statement.from) },
        { key: 'to', header: 'To', nowrap: true, cell: (statement) => date(statement.to) },
        {
          key: 'opening',
          header: 'Opening balance',
          numeric: true,
          nowrap: true,
          cell: (statement) => formatMoney(statement.openingMinor, statement.currency),
        },
        {
          key: 'closing',
          header: 'Closing balance',
          numeric: true,
          nowrap: true,
          cell: (statement) => formatMoney(statement.closingMinor, statement.currency),
        },
        {
          key: 'generated',
          header: 'Produced',
          nowrap: true,
          cell: (statement) => (
            <time dateTime={statement.generatedAt}>
              {formatInstant(statement.generatedAt, { withTime: true })}
            </time>
          ),
        },
      ]}
    />
  );
}
