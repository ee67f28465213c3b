import type { Question, QuestionEntry } from '@portals/domain';
import { formatInstant, Markdown } from '@portals/web-ui';
import { questionTeamLabels } from './question-labels';

function EntryHeading({ entry, staffSide }: { entry: QuestionEntry; staffSide: string }) {
  const who = entry.fromStaff ? `${entry.author.name} (${staffSide})` : entry.author.name;
  const what =
    entry.kind === 'handed_over'
      ? `handed the question to ${entry.team ? questionTeamLabels[entry.team].toLowerCase() : 'another team'}`
      : entry.kind === 'closed'
        ? 'closed the question'
        : 'wrote';
  return (
    <p className="thread-entry-heading">
      <strong>{who}</strong> {what} on{' '}
      <time dateTime={entry.createdAt}>{formatInstant(entry.createdAt)}</time>
    </p>
  );
}

/**
 * A question's thread, oldest first: the question, each side's messages (safe Markdown, as ticket
 * replies render), hand-overs and the close.
 */
export function QuestionThread({
  question,
  staffSide = 'staff',
}: {
  question: Question;
  staffSide?: string;
}) {
  return (
    <ol className="question-thread" aria-label="Thread">
      {question.entries.map((entry) => (
        <li key={entry.id} className={entry.fromStaff ? 'card thread-entry from-staff' : 'card thread-entry'}>
          <EntryHeading entry={entry} staffSide={staffSide} />
          {entry.body ? <Markdown>{entry.body}</Markdown> : null}
        </li>
      ))}
    </ol>
  );
}
