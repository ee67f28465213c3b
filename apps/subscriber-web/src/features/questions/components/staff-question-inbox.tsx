import {
  QuestionStatus,
  type QuestionSummary,
  QuestionTeam,
  questionStatuses,
  questionTeams,
} from '@portals/domain';
import { ApiErrorMessage, Button, formatInstant, Table, tableStateOf } from '@portals/web-ui';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuestionCounts, useStaffQuestions } from '../api/staff-questions';
import { questionTeamLabels, questionTopicLabels, staffQuestionStatusLabels } from './question-labels';

/** Per team served: how many wait on staff, on the customer, and are closed; each figure filters the list. */
function TeamCounts({ onChoose }: { onChoose: (team: QuestionTeam, status: QuestionStatus) => void }) {
  const counts = useQuestionCounts();
  if (counts.isPending) return <p role="status">Loading the counts…</p>;
  if (counts.isError) {
    return (
      <ApiErrorMessage
        summary="The counts could not be loaded."
        error={counts.error}
        onRetry={() => void counts.refetch()}
      />
    );
  }
  return (
    <ul className="question-team-counts" aria-label="Questions per team">
      {counts.data.teams.map((team) => (
        <li key={team.team} className="card">
          <h2>{questionTeamLabels[team.team]}</h2>
          <p>
            <Button variant="secondary" onClick={() => onChoose(team.team, 'open')}>
              {team.open} open
            </Button>{' '}
            <Button variant="secondary" onClick={() => onChoose(team.team, 'answered')}>
              {team.answered} answered
            </Button>{' '}
            <span className="muted">{team.closed} closed</span>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The inbox of the teams the staff member serves: questions oldest first, by team and status. */
export function StaffQuestionInbox({ questionPath }: { questionPath: (questionId: string) => string }) {
  const teamId = useId();
  const statusId = useId();
  const [params, setParams] = useSearchParams();
  const parsedTeam = QuestionTeam.safeParse(params.get('team'));
  const team = parsedTeam.success ? parsedTeam.data : undefined;
  const parsedStatus = QuestionStatus.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const counts = useQuestionCounts();
  const served = counts.data?.teams.map((entry) => entry.team) ?? [...questionTeams];
  const questions = useStaffQuestions({ team, status });
  const setFilters = (next: { team?: string; status?: string }) => {
    const merged = { team: team ?? '', status: status ?? '', ...next };
    const search = new URLSearchParams();
    if (merged.team) search.set('team', merged.team);
    if (merged.status) search.set('status', merged.status);
    setParams(search, { replace: true });
  };
  return (
    <>
      <TeamCounts
        onChoose={(chosenTeam, chosenStatus) => setFilters({ team: chosenTeam, status: chosenStatus })}
      />
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <span>
          <label htmlFor={teamId}>Team</label>{' '}
          <select
            id={teamId}
            value={team ?? ''}
            onChange={(event) => setFilters({ team: event.target.value })}
          >
            <option value="">Every team you serve</option>
            {served.map((value) => (
              <option key={value} value={value}>
                {questionTeamLabels[value]}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={statusId}>Status</label>{' '}
          <select
            id={statusId}
            value={status ?? ''}
            onChange={(event) => setFilters({ status: event.target.value })}
          >
            <option value="">Any status</option>
            {questionStatuses.map((value) => (
              <option key={value} value={value}>
                {staffQuestionStatusLabels[value]}
              </option>
            ))}
          </select>
        </span>
      </fieldset>
      <Table
        caption="Questions, longest waiting first"
        rowKey={(question: QuestionSummary) => question.id}
        state={tableStateOf(questions, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the questions…"
        errorSummary="The questions could not be loaded."
        empty={{ message: 'No questions match: nothing waits here.' }}
        pages={{ query: questions, failureSummary: 'More questions could not be loaded.' }}
        columns={[
          {
            key: 'subject',
            header: 'Subject',
            rowHeader: true,
            cell: (question) => <Link to={questionPath(question.id)}>{question.subject}</Link>,
          },
          { key: 'organization', header: 'Organization', cell: (question) => question.organization.name },
          { key: 'topic', header: 'Topic', cell: (question) => questionTopicLabels[question.topic] },
          { key: 'team', header: 'Team', cell: (question) => questionTeamLabels[question.team] },
          { key: 'status', header: 'Status', cell: (question) => staffQuestionStatusLabels[question.status] },
          {
            key: 'asked',
            header: 'Asked',
            cell: (question) => (
              <time dateTime={question.createdAt}>{formatInstant(question.createdAt)}</time>
            ),
          },
        ]}
      />
    </>
  );
}
