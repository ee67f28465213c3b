import {
  QuestionBody,
  QuestionSubject,
  QuestionTopic,
  questionTeamOfTopic,
  questionTopics,
} from '@portals/domain';
import {
  Button,
  FormError,
  SelectField,
  setServerFieldErrors,
  TextAreaField,
  TextField,
  tierLabels,
  useSubscriptions,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { useInvoices } from '../../invoices/api/get-invoices';
import { invoiceTitle } from '../../invoices/components/invoice-labels';
import { useAskQuestion } from '../api/questions';
import { questionTeamLabels, questionTopicLabels } from './question-labels';

const NewQuestionForm = z.object({
  topic: QuestionTopic,
  invoiceId: z.string(),
  subscriptionId: z.string(),
  subject: QuestionSubject,
  body: QuestionBody,
});

/** The invoices to choose from: the organization's, latest first (the first page). */
function useInvoiceOptions(enabled: boolean, chosen: string) {
  const invoices = useInvoices({});
  const items = enabled ? (invoices.data?.pages.flatMap((page) => page.items) ?? []) : [];
  const options = items.map((invoice) => ({ value: invoice.id, label: invoiceTitle(invoice) }));
  // The invoice the page was opened for, should it not be on the first page.
  if (chosen && !options.some((option) => option.value === chosen)) {
    options.unshift({ value: chosen, label: 'The invoice you came from' });
  }
  return [{ value: '', label: 'No particular invoice' }, ...options];
}

/**
 * Asks a question: its topic picks the team that answers; a billing question may name one invoice or
 * subscription (opened from an invoice's page, that invoice is chosen already).
 */
export function NewQuestion({
  initialInvoiceId,
  questionPath,
  onCancel,
}: {
  initialInvoiceId?: string | undefined;
  questionPath: (questionId: string) => string;
  onCancel: () => void;
}) {
  const ask = useAskQuestion();
  const navigate = useNavigate();
  const { showToast } = useToast();
  const form = useZodForm(
    NewQuestionForm,
    {
      topic: initialInvoiceId ? 'invoicing_billing' : 'services',
      invoiceId: initialInvoiceId ?? '',
      subscriptionId: '',
      subject: '',
      body: '',
    },
    { messages: { subject: 'Give your question a short subject.', body: 'Write your question.' } },
  );
  const topic = form.watch('topic');
  const billing = topic === 'invoicing_billing';
  const invoiceOptions = useInvoiceOptions(billing, form.watch('invoiceId'));
  const subscriptions = useSubscriptions();
  const subscriptionOptions = [
    { value: '', label: 'No particular subscription' },
    ...(subscriptions.data?.pages.flatMap((page) => page.items) ?? []).map((subscription) => ({
      value: subscription.id,
      label: `${tierLabels[subscription.tier]}, ${subscription.servers} servers, until ${subscription.termEnd}`,
    })),
  ];

  const handleSubmit = form.handleSubmit((values) =>
    ask.mutate(
      {
        topic: values.topic,
        subject: values.subject,
        body: values.body,
        ...(billing && values.invoiceId ? { invoiceId: values.invoiceId } : {}),
        ...(billing && values.subscriptionId ? { subscriptionId: values.subscriptionId } : {}),
      },
      {
        onSuccess: (question) => {
          showToast(
            `Your question was sent to our ${questionTeamLabels[question.team].toLowerCase()} team. You are emailed when they answer.`,
          );
          navigate(questionPath(question.id));
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );

  return (
    <>
      {ask.isError ? <FormError error={ask.error} /> : null}
      <form className="form card" noValidate onSubmit={handleSubmit}>
        <SelectField
          control={form.control}
          name="topic"
          label="Topic"
          options={questionTopics.map((value) => ({ value, label: questionTopicLabels[value] }))}
          hint={`Answered by our ${questionTeamLabels[questionTeamOfTopic[topic]].toLowerCase()} team.`}
        />
        {billing ? (
          <>
            <SelectField
              control={form.control}
              name="invoiceId"
              label="About the invoice"
              options={invoiceOptions}
            />
            <SelectField
              control={form.control}
              name="subscriptionId"
              label="About the subscription"
              options={subscriptionOptions}
            />
          </>
        ) : null}
        <TextField
          control={form.control}
          name="subject"
          label="Subject"
          required
          maxLength={200}
          autoComplete="off"
        />
        <TextAreaField
          control={form.control}
          name="body"
          label="Your question"
          required
          rows={8}
          maxLength={10_000}
          hint="Plain text; Markdown such as **bold** and lists is shown formatted."
        />
        <div className="actions">
          <Button type="submit" busy={ask.isPending} busyLabel="Sending…">
            Send the question
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
