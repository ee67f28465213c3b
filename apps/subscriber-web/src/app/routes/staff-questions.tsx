import { PageTitle } from '@portals/web-ui';
import { StaffQuestionInbox } from '../../features/questions/components/staff-question-inbox';
import { staffQuestionPath } from './question-paths';

export function StaffQuestionsRoute() {
  return (
    <section className="page">
      <PageTitle>Questions</PageTitle>
      <h1>Questions</h1>
      <p className="muted">
        Customers' questions routed to the teams you serve (billing; account management, which also serves
        partner management; administrators serve every team). Answering emails the asker and the main contact.
      </p>
      <StaffQuestionInbox questionPath={staffQuestionPath} />
    </section>
  );
}
