import { type Question, QuestionMessageRequest, QuestionTeam, questionTeams } from '@portals/domain';
import {
  ApiErrorMessage,
  Button,
  ConfirmDialog,
  FormError,
  PageTitle,
  SelectField,
  setServerFieldErrors,
  TextAreaField,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import {
  useAnswerQuestion,
  useCloseQuestion,
  useHandOverQuestion,
  useStaffQuestion,
} from '../api/staff-questions';
import { QuestionFacts } from './question-facts';
import { questionTeamLabels, staffQuestionStatusLabels } from './question-labels';
import { QuestionThread } from './question-thread';

function AnswerForm({ question }: { question: Question }) {
  const answer = useAnswerQuestion(question.id);
  const { showToast } = useToast();
  const form = useZodForm(QuestionMessageRequest, { body: '' }, { messages: { body: 'Write the answer.' } });
  const handleSubmit = form.handleSubmit(({ body }) =>
    answer.mutate(body, {
      onSuccess: () => {
        form.reset();
        showToast(`Answered: ${question.askedBy.name} and the main contact are emailed.`);
      },
      onError: (error) => setServerFieldErrors(form, error),
    }),
  );
  return (
    <form className="form card" noValidate onSubmit={handleSubmit} aria-label="Answer">
      <h2>Answer</h2>
      {answer.isError ? <FormError error={answer.error} /> : null}
      <TextAreaField
        control={form.control}
        name="body"
        label="Your answer"
        required
        rows={6}
        maxLength={10_000}
        hint="The asker and the organization's main contact receive it by email."
      />
      <div className="actions">
        <Button type="submit" busy={answer.isPending} busyLabel="Sending…">
          Send the answer
        </Button>
      </div>
    </form>
  );
}

const HandOverForm = z.object({
  team: QuestionTeam,
  note: z.string().max(2000, 'must be at most 2000 characters'),
});

function HandOverDialog({
  question,
  open,
  onDone,
}: {
  question: Question;
  open: boolean;
  onDone: () => void;
}) {
  const handOver = useHandOverQuestion(question.id);
  const { showToast } = useToast();
  const others = questionTeams.filter((team) => team !== question.team);
  const form = useZodForm(HandOverForm, { team: others[0] ?? 'billing', note: '' });
  return (
    <ConfirmDialog
      open={open}
      title="Hand the question to another team"
      confirmLabel="Hand over"
      busyLabel="Handing over…"
      onConfirm={async () => {
        let done = false;
        await form.handleSubmit(async ({ team, note }) => {
          try {
            await handOver.mutateAsync({ team, ...(note.trim() ? { note } : {}) });
          } catch (error) {
            setServerFieldErrors(form, error);
            throw error;
          }
          done = true;
          showToast(`Handed to ${questionTeamLabels[team].toLowerCase()}.`);
        })();
        return done;
      }}
      onClose={() => {
        form.reset();
        onDone();
      }}
    >
      <form className="form" noValidate onSubmit={(event) => event.preventDefault()}>
        <SelectField
          control={form.control}
          name="team"
          label="Team"
          options={others.map((team) => ({ value: team, label: questionTeamLabels[team] }))}
        />
        <TextAreaField
          control={form.control}
          name="note"
          label="Note for the team (optional)"
          rows={3}
          maxLength={2000}
          hint="The customer sees the hand-over and this note in the thread."
        />
      </form>
    </ConfirmDialog>
  );
}

/** A question as staff work it: the thread, the answer form, hand-over and close. */
export function StaffQuestionPage({
  questionId,
  listPath,
  invoiceLink,
  organizationLink,
  canAnswer,
}: {
  questionId: string;
  listPath: string;
  invoiceLink?: ((invoiceId: string) => string) | undefined;
  organizationLink: (organizationId: string) => string;
  canAnswer: boolean;
}) {
  const question = useStaffQuestion(questionId);
  const close = useCloseQuestion(questionId);
  const { showToast } = useToast();
  const [dialog, setDialog] = useState<'handover' | 'close' | null>(null);
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
  const workable = canAnswer && data.status !== 'closed';
  return (
    <>
      <PageTitle>{data.subject}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={listPath}>Questions</Link>
      </nav>
      <h1>{data.subject}</h1>
      <QuestionFacts
        question={data}
        statusLabel={staffQuestionStatusLabels[data.status]}
        invoiceLink={invoiceLink}
        organization={<Link to={organizationLink(data.organization.id)}>{data.organization.name}</Link>}
      />
      {workable ? (
        <div className="actions">
          <Button variant="secondary" onClick={() => setDialog('handover')}>
            Hand over to another team
          </Button>
          <Button variant="secondary" onClick={() => setDialog('close')}>
            Close the question
          </Button>
        </div>
      ) : null}
      <QuestionThread question={data} />
      {workable ? <AnswerForm question={data} /> : null}
      {data.status === 'closed' ? (
        <p className="notice">This question is closed: nothing more is added.</p>
      ) : null}
      {workable ? (
        <>
          <HandOverDialog question={data} open={dialog === 'handover'} onDone={() => setDialog(null)} />
          <ConfirmDialog
            open={dialog === 'close'}
            title="Close this question?"
            confirmLabel="Close the question"
            busyLabel="Closing…"
            onConfirm={async () => {
              await close.mutateAsync(undefined);
              showToast('The question is closed.');
            }}
            onClose={() => setDialog(null)}
          >
            <p>Nothing more can be added to it, by the customer or by staff. The customer is not emailed.</p>
          </ConfirmDialog>
          {close.isError ? <FormError error={close.error} /> : null}
        </>
      ) : null}
    </>
  );
}
