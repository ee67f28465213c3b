import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { QuestionPage } from '../../features/questions/components/question-page';
import { invoicePath } from './invoice-paths';
import { questionsPath } from './question-paths';

export function QuestionRoute() {
  const { questionId } = useParams();
  if (!questionId) return <NotFoundPage />;
  return (
    <section className="page">
      <QuestionPage questionId={questionId} listPath={questionsPath} invoiceLink={invoicePath} />
    </section>
  );
}
