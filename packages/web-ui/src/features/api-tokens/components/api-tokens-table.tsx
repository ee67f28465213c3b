import type { ApiToken, ApiTokenStatus } from '@portals/domain';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Table, tableStateOf } from '../../../components/table';
import { useToast } from '../../../components/toaster';
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

const instant = (isoInstant: string, withTime = false) => (
  <time dateTime={isoInstant}>{formatInstant(isoInstant, { withTime })}</time>
);

/** What tokens are for, where there are none yet. */
function NoTokens() {
  const docsUrl = `${useApiClient().baseUrl}/docs`;
  return (
    <>
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
    </>
  );
}

/** "Are you sure?" before revoking: the systems using the token stop working at once. */
function RevokeConfirmation({ token, onDone }: { token: ApiToken | null; onDone: () => void }) {
  const revoke = useRevokeApiToken();
  const { showToast } = useToast();
  return (
    <ConfirmDialog
      open={token !== null}
      title={token ? `Revoke the token “${token.name}”?` : ''}
      confirmLabel="Revoke the token"
      busyLabel="Revoking…"
      cancelLabel="Keep it"
      variant="danger"
      onConfirm={async () => {
        if (!token) return;
        await revoke.mutateAsync(token.id);
        showToast(`The token “${token.name}” was revoked.`);
      }}
      onClose={onDone}
    >
      <p>Every system using it is refused from now on. This cannot be undone.</p>
    </ConfirmDialog>
  );
}

/** The person's tokens with loading, error and empty states, "Load more", and revoking. */
export function ApiTokensTable() {
  const tokens = useApiTokens();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <div className="card">
      <RevokeConfirmation token={revoking} onDone={() => setRevoking(null)} />
      <Table
        caption="Your API tokens, newest first"
        rowKey={(token) => token.id}
        state={tableStateOf(tokens, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading your API tokens…"
        errorSummary="Your API tokens could not be loaded."
        empty={{ message: <NoTokens /> }}
        pages={{ query: tokens, failureSummary: 'More API tokens could not be loaded.' }}
        columns={[
          { key: 'name', header: 'Name', rowHeader: true, cell: (token) => token.name },
          {
            key: 'prefix',
            header: 'Starts with',
            nowrap: true,
            cell: (token) => <code>{token.tokenPrefix}…</code>,
          },
          {
            key: 'scopes',
            header: 'May',
            cell: (token) => (
              <ul className="plain-list">
                {token.scopes.map((scope) => (
                  <li key={scope}>{permissionLabels[scope]}</li>
                ))}
              </ul>
            ),
          },
          { key: 'expires', header: 'Expires', cell: (token) => instant(token.expiresAt) },
          {
            key: 'last-used',
            header: 'Last used',
            cell: (token) =>
              token.lastUsedAt ? instant(token.lastUsedAt, true) : <span className="muted">Never</span>,
          },
          {
            key: 'status',
            header: 'Status',
            cell: (token) => (
              <span className={`status status-${token.status}`}>{statusLabels[token.status]}</span>
            ),
          },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (token) =>
              token.status === 'active' ? (
                <Button
                  variant="secondary"
                  aria-label={`Revoke ${token.name}`}
                  onClick={() => setRevoking(token)}
                >
                  Revoke
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
