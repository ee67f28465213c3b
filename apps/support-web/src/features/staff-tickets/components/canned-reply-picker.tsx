import { useId } from 'react';
import { useCannedReplies } from '../api/get-canned-replies';

/** A drop-down of the team's canned replies; choosing one hands its text to the reply box. */
export function CannedReplyPicker({ onPick }: { onPick: (body: string) => void }) {
  const id = useId();
  const replies = useCannedReplies();
  const items = replies.data?.pages.flatMap((page) => page.items) ?? [];
  if (replies.isError) return <p className="muted">The canned replies could not be loaded.</p>;
  return (
    <p>
      <label htmlFor={id}>Insert a canned reply</label>{' '}
      <select
        id={id}
        value=""
        disabled={items.length === 0}
        onChange={(event) => {
          const chosen = items.find((item) => item.id === event.target.value);
          if (chosen) onPick(chosen.body);
        }}
      >
        <option value="">
          {replies.isPending ? 'Loading…' : items.length === 0 ? 'None yet' : 'Choose one'}
        </option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.title}
          </option>
        ))}
      </select>
    </p>
  );
}
