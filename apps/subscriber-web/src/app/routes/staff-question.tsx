import { NotFoundPage, useCan } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { StaffQuestionPage } from '../../features/questions/components/staff-question-page';
import { staffInvoicePath } from './invoice-paths';
import { organizationPath } from './organization-paths';
import { staffQuestionsPath } from './question-paths';

export function StaffQuestionRoute() {
  const { questionId } = useParams();
  const can = useCan();
  if (!questionId) return <NotFoundPage />;
  return (
    <section className="page">
      <StaffQuestionPage
        questionId={questionId}
        listPath={staffQuestionsPath}
        invoiceLink={can('invoice:read:any') ? staffInvoicePath : undefined}
        organizationLink={organizationPath}
        canAnswer={can('question:answer:any')}
      />
    </section>
  );
}
