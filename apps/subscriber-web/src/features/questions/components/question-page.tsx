import { QuestionMessageRequest } from '@portals/domain';
import {
  ApiErrorMessage,
  Button,
  FormError,
  PageTitle,
  setServerFieldErrors,
  TextAreaField,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { useFollowUp, useQuestion } from '../api/questions';
import { QuestionFacts } from './question-facts';
import { questionStatusLabels } from './question-labels';
import { QuestionThread } from './question-thread';

function FollowUpForm({ questionId }: { questionId: string }) {
  const followUp = useFollowUp(questionId);
  const { showToast } = useToast();
  const form = useZodForm(
    QuestionMessageRequest,
    { body: '' },
    { messages: { body: 'Write your message.' } },
  );
  const handleSubmit = form.handleSubmit(({ body }) =>
    followUp.mutate(body, {
      onSuccess: () => {
        form.reset();
        showToast('Your message was added: the team answers in this thread.');
      },
      onError: (error) => setServerFieldErrors(form, error),
    }),
  );
  return (
    <form className="form card" noValidate onSubmit={handleSubmit} aria-label="Follow up">
      <h2>Follow up</h2>
      {followUp.isError ? <FormError error={followUp.error} /> : null}
      <TextAreaField
        control={form.control}
        name="body"
        label="Your message"
        required
        rows={5}
        maxLength={10_000}
      />
      <div className="actions">
        <Button type="submit" busy={followUp.isPending} busyLabel="Sending…">
          Send the message
        </Button>
      </div>
    </form>
  );
}

/** A contact's question: what it is about, its thread, and a follow-up while it is not closed. */
export function QuestionPage({
  questionId,
  listPath,
  invoiceLink,
}: {
  questionId: string;
  listPath: string;
  invoiceLink: (invoiceId: string) => string;
}) {
  const question = useQuestion(questionId);
  if (question.isPending) {
    return (
      <p className="table-loading" role="status" aria-busy="true">
        Loading the question…
      </p>
    );
  }
  if (question.isError) {
    return (
      <ApiErrorMessage
        summary="The question could not be loaded."
        error={question.error}
        onRetry={() => void question.refetch()}
      />
    );
  }
  const data = question.data;
  return (
    <>
      <PageTitle>{data.subject}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={listPath}>Questions</Link>
      </nav>
      <h1>{data.subject}</h1>
      <QuestionFacts
        question={data}
        statusLabel={questionStatusLabels[data.status]}
        invoiceLink={invoiceLink}
      />
      <QuestionThread question={data} staffSide="our team" />
      {data.status === 'closed' ? (
        <p className="notice">This question is closed. Have something more? Ask a new question.</p>
      ) : (
        <FollowUpForm questionId={data.id} />
      )}
    </>
  );
}
