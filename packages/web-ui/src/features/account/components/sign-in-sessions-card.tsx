import type { SignInSession } from '@portals/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Table, tableStateOf } from '../../../components/table';
import { useToast } from '../../../components/toaster';
import { formatInstant } from '../../../lib/format-instant';
import { useEndSignInSession } from '../api/end-sign-in-session';
import { useSignInSessions } from '../api/get-sign-in-sessions';

/** A short name for a browser's user agent: "Firefox on Linux". The full text stays in the title. */
export const describeUserAgent = (userAgent: string | null): string => {
  if (!userAgent) return 'Unknown device';
  const browser =
    [
      ['Edg/', 'Edge'],
      ['OPR/', 'Opera'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Chromium/', 'Chromium'],
      ['Safari/', 'Safari'],
      ['curl/', 'curl'],
    ].find(([marker]) => userAgent.includes(marker ?? ''))?.[1] ?? 'A browser';
  const system =
    [
      ['iPhone', 'iPhone'],
      ['iPad', 'iPad'],
      ['Android', 'Android'],
      ['Windows', 'Windows'],
      ['Mac OS', 'macOS'],
      ['Linux', 'Linux'],
    ].find(([marker]) => userAgent.includes(marker ?? ''))?.[1] ?? null;
  return system ? `${browser} on ${system}` : browser;
};

const instant = (isoInstant: string) => (
  <time dateTime={isoInstant}>{formatInstant(isoInstant, { withTime: true })}</time>
);

function EndConfirmation({ session, onDone }: { session: SignInSession | null; onDone: () => void }) {
  const end = useEndSignInSession();
  const { showToast } = useToast();
  const device = session ? describeUserAgent(session.userAgent) : '';
  return (
    <ConfirmDialog
      open={session !== null}
      title={session ? `Sign out ${device}?` : ''}
      confirmLabel="Sign it out"
      busyLabel="Signing out…"
      cancelLabel="Keep it"
      variant="danger"
      onConfirm={async () => {
        if (!session) return;
        await end.mutateAsync(session.id);
        showToast(`${device} was signed out.`);
      }}
      onClose={onDone}
    >
      <p>That device must sign in again, with the password, to use your account.</p>
    </ConfirmDialog>
  );
}

/** The devices signed in to the account, this one marked, each signed out on its own. */
export function SignInSessionsCard() {
  const headingId = useId();
  const sessions = useSignInSessions();
  const [ending, setEnding] = useState<SignInSession | null>(null);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Where you are signed in</h2>
      <p>
        Each browser or device where you signed in. Sign out any you do not recognise, then change your
        password.
      </p>
      <EndConfirmation session={ending} onDone={() => setEnding(null)} />
      <Table
        caption="Your signed-in devices, most recently used first"
        captionHidden
        rowKey={(session) => session.id}
        state={tableStateOf(sessions, (data) => data.items)}
        loadingMessage="Loading where you are signed in…"
        errorSummary="Your signed-in devices could not be loaded."
        empty={{ message: 'No other device is signed in.' }}
        columns={[
          {
            key: 'device',
            header: 'Device',
            rowHeader: true,
            cell: (session) => (
              <>
                <span title={session.userAgent ?? undefined}>{describeUserAgent(session.userAgent)}</span>
                {session.current ? (
                  <>
                    {' '}
                    <span className="status status-active">This device</span>
                  </>
                ) : null}
                {session.ipAddress ? <div className="muted">{session.ipAddress}</div> : null}
              </>
            ),
          },
          { key: 'created', header: 'Signed in', cell: (session) => instant(session.createdAt) },
          { key: 'last-used', header: 'Last used', cell: (session) => instant(session.lastUsedAt) },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (session) =>
              session.current ? null : (
                <Button
                  variant="secondary"
                  aria-label={`Sign out ${describeUserAgent(session.userAgent)}, last used ${formatInstant(session.lastUsedAt, { withTime: true })}`}
                  onClick={() => setEnding(session)}
                >
                  Sign out
                </Button>
              ),
          },
        ]}
      />
    </section>
  );
}
