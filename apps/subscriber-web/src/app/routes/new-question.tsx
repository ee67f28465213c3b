import { PageTitle } from '@portals/web-ui';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { NewQuestion } from '../../features/questions/components/new-question-form';
import { questionPath, questionsPath } from './question-paths';

export function NewQuestionRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section className="page">
      <PageTitle>Ask a question</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={questionsPath}>Questions</Link>
      </nav>
      <h1>Ask a question</h1>
      <NewQuestion
        initialInvoiceId={params.get('invoiceId') ?? undefined}
        questionPath={questionPath}
        onCancel={() => navigate(questionsPath)}
      />
    </section>
  );
}
