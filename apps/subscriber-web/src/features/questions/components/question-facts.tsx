import type { Question } from '@portals/domain';
import { formatInstant } from '@portals/web-ui';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { questionTeamLabels, questionTopicLabels } from './question-labels';

/** What a question is about and where it stands, above its thread. */
export function QuestionFacts({
  question,
  statusLabel,
  invoiceLink,
  organization,
}: {
  question: Question;
  statusLabel: string;
  /** Where the invoice opens, for a reader who may open it. */
  invoiceLink?: ((invoiceId: string) => string) | undefined;
  organization?: ReactNode;
}) {
  return (
    <dl className="facts card">
      {organization ? (
        <div>
          <dt>Organization</dt>
          <dd>{organization}</dd>
        </div>
      ) : null}
      <div>
        <dt>Status</dt>
        <dd>{statusLabel}</dd>
      </div>
      <div>
        <dt>Topic</dt>
        <dd>{questionTopicLabels[question.topic]}</dd>
      </div>
      <div>
        <dt>Team</dt>
        <dd>{questionTeamLabels[question.team]}</dd>
      </div>
      {question.invoice ? (
        <div>
          <dt>Invoice</dt>
          <dd>
            {invoiceLink ? (
              <Link to={invoiceLink(question.invoice.id)}>{question.invoice.number ?? 'An invoice'}</Link>
            ) : (
              (question.invoice.number ?? 'An invoice')
            )}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Asked by</dt>
        <dd>{question.askedBy.name}</dd>
      </div>
      <div>
        <dt>Asked</dt>
        <dd>
          <time dateTime={question.createdAt}>{formatInstant(question.createdAt)}</time>
        </dd>
      </div>
    </dl>
  );
}
