import type { OrganizationSummary } from '@portals/domain';
import { Button, tierLabels, useSettled } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useOrganizationSearch } from '../api/search-organizations';

/** Search-as-you-type over organizations' names; choosing one hands it to `onChoose`. */
export function OrganizationPicker({ onChoose }: { onChoose: (organization: OrganizationSummary) => void }) {
  const fieldId = useId();
  const resultsId = useId();
  const [text, setText] = useState('');
  const q = useSettled(text.trim());
  const search = useOrganizationSearch(q);
  const items = q ? (search.data?.items ?? []) : [];
  return (
    <div className="organization-picker">
      <label htmlFor={fieldId}>Organization</label>{' '}
      <input
        id={fieldId}
        type="search"
        value={text}
        maxLength={200}
        autoComplete="off"
        aria-controls={resultsId}
        placeholder="Type a part of its name"
        onChange={(event) => setText(event.target.value)}
      />
      <div id={resultsId} aria-live="polite">
        {!q ? null : search.isError ? (
          <p className="field-error" role="alert">
            Organizations could not be searched.
          </p>
        ) : search.isPending ? (
          <p className="muted">Searching…</p>
        ) : items.length === 0 ? (
          <p className="muted">No organization's name holds “{q}”.</p>
        ) : (
          <ul aria-label="Matching organizations" className="plain-list">
            {items.map((organization) => (
              <li key={organization.id}>
                <Button variant="secondary" onClick={() => onChoose(organization)}>
                  {organization.name}
                  {organization.tier ? ` (${tierLabels[organization.tier]})` : ''}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {q && search.data?.nextCursor ? (
          <p className="muted">More organizations match: type more of the name.</p>
        ) : null}
      </div>
    </div>
  );
}
