import { useQueueCounts } from '../api/get-queue-counts';
import {
  type QueueChoices,
  type QueueViewId,
  queueFiltersOf,
  queueViewIds,
  queueViewLabels,
} from './queue-views';

function QueueViewTab({
  view,
  choices,
  current,
  onChoose,
}: {
  view: QueueViewId;
  choices: QueueChoices;
  current: boolean;
  onChoose: (view: QueueViewId) => void;
}) {
  const filters = queueFiltersOf(view, choices);
  // The counts take the view's own filters, so the number is what the view lists.
  const total = useQueueCounts(filters).data?.total;
  return (
    <li>
      <button
        type="button"
        className={current ? 'button' : 'button button-secondary'}
        aria-pressed={current}
        onClick={() => onChoose(view)}
      >
        {filters === null || total === undefined
          ? queueViewLabels[view]
          : `${queueViewLabels[view]} (${total})`}
      </button>
    </li>
  );
}

export function QueueViewTabs({
  current,
  choices,
  onChoose,
}: {
  current: QueueViewId;
  choices: QueueChoices;
  onChoose: (view: QueueViewId) => void;
}) {
  return (
    <nav aria-label="Queue views">
      <ul className="view-tabs">
        {queueViewIds.map((view) => (
          <QueueViewTab
            key={view}
            view={view}
            choices={choices}
            current={view === current}
            onChoose={onChoose}
          />
        ))}
      </ul>
    </nav>
  );
}
