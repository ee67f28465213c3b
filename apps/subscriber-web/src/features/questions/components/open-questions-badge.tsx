import { useQuestionCounts } from '../api/staff-questions';

/** Beside "Questions" in the navigation: how many wait on the teams served; nothing when none do. */
export function OpenQuestionsBadge() {
  const counts = useQuestionCounts();
  const open = counts.data?.teams.reduce((sum, team) => sum + team.open, 0) ?? 0;
  if (open === 0) return null;
  return (
    <>
      {' '}
      <span className="nav-badge">
        {open}
        <span className="visually-hidden"> open</span>
      </span>
    </>
  );
}
