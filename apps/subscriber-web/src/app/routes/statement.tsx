import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { StatementDetails } from '../../features/statements/components/statement-details';
import { statementsPath } from './statement-paths';

export function StatementRoute() {
  const { statementId } = useParams();
  if (!statementId) return <NotFoundPage />;
  return (
    <section className="page">
      <StatementDetails
        statementId={statementId}
        backLink={() => ({ to: statementsPath, label: 'Statements' })}
      />
    </section>
  );
}
