import { PageTitle } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { QuestionList } from '../../features/questions/components/question-list';
import { newQuestionPath, questionPath } from './question-paths';

export function QuestionsRoute() {
  return (
    <section className="page">
      <PageTitle>Questions</PageTitle>
      <h1>Questions</h1>
      <p className="muted">
        Ask our teams about services, partner programs, or invoicing and billing. Each question is a thread:
        you and your organization's main contact are emailed when it is answered.
      </p>
      <p>
        <Link className="button" to={newQuestionPath}>
          Ask a question
        </Link>
      </p>
      <QuestionList questionPath={questionPath} />
    </section>
  );
}
