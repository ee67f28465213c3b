import type { ApiToken, ApiTokenStatus } from '@portals/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { FormError } from '../../../components/form-error';
import { LoadMore } from '../../../components/load-more';
import { useApiClient } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format-instant';
import { permissionLabels } from '../../../lib/permission-labels';
import { useApiTokens } from '../api/get-api-tokens';
import { useRevokeApiToken } from '../api/revoke-api-token';

/** How a status is named on screen; a new status fails to compile until it has a label. */
const statusLabels: Record<ApiTokenStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

function InstantCell({ isoInstant, withTime = false }: { isoInstant: string; withTime?: boolean }) {
  return (
    <td>
      <time dateTime={isoInstant}>{formatInstant(isoInstant, { withTime })}</time>
    </td>
  );
}

/** What tokens are for, where there are none yet. */
function NoTokens() {
  const docsUrl = `${useApiClient().baseUrl}/docs`;
  return (
    <div className="card">
      <p>
        <strong>You have no API tokens.</strong>
      </p>
      <p>
        An API token lets another system (a monitoring tool, a ticket bridge, a script of your own) call the
        portals' API on your behalf. It sends the token with every request, in the header{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. A token carries only the permissions you choose,
        never more than your own, and stops working when it expires or you revoke it.
      </p>
      <p>
        The <a href={docsUrl}>API documentation</a> lists what the API offers.
      </p>
    </div>
  );
}

/** "Are you sure?" before revoking: the systems using the token stop working at once. */
function RevokeConfirmation({ token, onDone }: { token: ApiToken; onDone: () => void }) {
  const headingId = useId();
  const headingRef = useRef<HTMLParagraphElement>(null);
  const revoke = useRevokeApiToken();
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="alert" aria-labelledby={headingId}>
      <p className="alert-summary" id={headingId} ref={headingRef} tabIndex={-1}>
        Revoke the token “{token.name}”?
      </p>
      <p>Every system using it is refused from now on. This cannot be undone.</p>
      {revoke.isError ? <FormError error={revoke.error} /> : null}
      <div className="actions">
        <button
          className="button button-danger"
          type="button"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate(token.id, { onSuccess: onDone })}
        >
          {revoke.isPending ? 'Revoking…' : 'Revoke the token'}
        </button>
        <button className="button button-secondary" type="button" onClick={onDone}>
          Keep it
        </button>
      </div>
    </section>
  );
}

/** The person's tokens with loading, error and empty states, "Load more", and revoking. */
export function ApiTokensTable() {
  const tokens = useApiTokens();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  if (tokens.isPending) return <p role="status">Loading your API tokens…</p>;
  // A failed "Load more" keeps the pages already shown; only a failed first page replaces them.
  if (tokens.isError && !tokens.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="Your API tokens could not be loaded."
        error={tokens.error}
        onRetry={() => {
          void tokens.refetch();
        }}
      />
    );
  }
  const items = tokens.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) return <NoTokens />;
  return (
    <div className="card">
      {revoking ? <RevokeConfirmation token={revoking} onDone={() => setRevoking(null)} /> : null}
      <div className="table-scroll">
        <table className="table">
          <caption>Your API tokens, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">May</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td className="nowrap">
                  <code>{token.tokenPrefix}…</code>
                </td>
                <td>
                  <ul className="plain-list">
                    {token.scopes.map((scope) => (
                      <li key={scope}>{permissionLabels[scope]}</li>
                    ))}
                  </ul>
                </td>
                <InstantCell isoInstant={token.expiresAt} />
                {token.lastUsedAt ? (
                  <InstantCell isoInstant={token.lastUsedAt} withTime />
                ) : (
                  <td className="muted">Never</td>
                )}
                <td>
                  <span className={`status status-${token.status}`}>{statusLabels[token.status]}</span>
                </td>
                <td>
                  {token.status === 'active' ? (
                    <button
                      className="button button-secondary"
                      type="button"
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => setRevoking(token)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore query={tokens} failureSummary="More API tokens could not be loaded." />
    </div>
  );
}
