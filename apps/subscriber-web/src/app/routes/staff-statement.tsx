import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { StatementDetails } from '../../features/statements/components/statement-details';
import { organizationPath } from './organization-paths';

export function StaffStatementRoute() {
  const { statementId } = useParams();
  if (!statementId) return <NotFoundPage />;
  return (
    <section className="page">
      <StatementDetails
        statementId={statementId}
        backLink={(statement) => ({
          to: organizationPath(statement.organization.id),
          label: statement.organization.name,
        })}
      />
    </section>
  );
}
