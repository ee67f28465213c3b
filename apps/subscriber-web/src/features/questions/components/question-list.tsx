import { QuestionStatus, type QuestionSummary, questionStatuses } from '@portals/domain';
import { formatInstant, Table, tableStateOf } from '@portals/web-ui';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuestions } from '../api/questions';
import { questionStatusLabels, questionTeamLabels, questionTopicLabels } from './question-labels';

/** The organization's questions, newest first, filtered by status. */
export function QuestionList({ questionPath }: { questionPath: (questionId: string) => string }) {
  const statusId = useId();
  const [params, setParams] = useSearchParams();
  const parsed = QuestionStatus.safeParse(params.get('status'));
  const status = parsed.success ? parsed.data : undefined;
  const questions = useQuestions(status);
  return (
    <>
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <span>
          <label htmlFor={statusId}>Status</label>{' '}
          <select
            id={statusId}
            value={status ?? ''}
            onChange={(event) =>
              setParams(event.target.value ? { status: event.target.value } : {}, { replace: true })
            }
          >
            <option value="">Any status</option>
            {questionStatuses.map((value) => (
              <option key={value} value={value}>
                {questionStatusLabels[value]}
              </option>
            ))}
          </select>
        </span>
      </fieldset>
      <Table
        caption="Your organization's questions, newest first"
        rowKey={(question: QuestionSummary) => question.id}
        state={tableStateOf(questions, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the questions…"
        errorSummary="The questions could not be loaded."
        empty={{
          message: status
            ? 'No question has this status.'
            : 'Your organization has asked no questions yet: ask one about our services, partner programs, or invoicing and billing.',
        }}
        pages={{ query: questions, failureSummary: 'More questions could not be loaded.' }}
        columns={[
          {
            key: 'subject',
            header: 'Subject',
            rowHeader: true,
            cell: (question) => <Link to={questionPath(question.id)}>{question.subject}</Link>,
          },
          { key: 'topic', header: 'Topic', cell: (question) => questionTopicLabels[question.topic] },
          { key: 'team', header: 'Team', cell: (question) => questionTeamLabels[question.team] },
          {
            key: 'status',
            header: 'Status',
            nowrap: true,
            cell: (question) => questionStatusLabels[question.status],
          },
          { key: 'asker', header: 'Asked by', cell: (question) => question.askedBy.name },
          {
            key: 'updated',
            header: 'Last activity',
            cell: (question) => (
              <time dateTime={question.updatedAt}>{formatInstant(question.updatedAt)}</time>
            ),
          },
        ]}
      />
    </>
  );
}
