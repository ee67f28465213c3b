import { isApiError } from '@portals/api-client';
import { type Me, rolesRequiringTwoFactor, type TwoFactorSetup } from '@portals/domain';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { CopyButton } from '../../../components/copy-button';
import { FormError } from '../../../components/form-error';
import {
  OneTimeCodeField,
  oneTimeCodeMissing,
  readOneTimeCode,
} from '../../../components/one-time-code-field';
import { useMe } from '../../../lib/auth';
import { useDisableTwoFactor } from '../api/disable-two-factor';
import { useEnableTwoFactor } from '../api/enable-two-factor';
import { useSetUpTwoFactor } from '../api/set-up-two-factor';

/** Holds a role (administrator) the API allows only with two-factor sign-in on. */
const mustKeepTwoFactor = (me: Me): boolean =>
  [...me.staffRoles, ...me.contactRoles].some((role) => rolesRequiringTwoFactor.includes(role));

/** The secret in groups of four, easier to type and to check: `JBSW Y3DP EHPK 3PXP`. */
const groupForTyping = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** A code field and its submit button; checks for six digits before calling the API. */
function CodeForm({
  submitLabel,
  pendingLabel,
  pending,
  apiError,
  onCode,
  children,
}: {
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  apiError: unknown;
  onCode: (code: string) => void;
  /** More buttons beside the submit button. */
  children?: ReactNode;
}) {
  const [checkError, setCheckError] = useState<string | undefined>();
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = readOneTimeCode(new FormData(event.currentTarget));
    setCheckError(code ? undefined : oneTimeCodeMissing);
    if (code) onCode(code);
  };
  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      <OneTimeCodeField
        error={checkError ?? (isApiError(apiError) ? apiError.fieldError('body.code') : undefined)}
      />
      <div className="actions">
        <button className="button" type="submit" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}

/** The recovery codes, shown this once, with a way to copy them. */
function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const headingId = useId();
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h3 id={headingId}>Two-factor sign-in is on: store your recovery codes</h3>
      <p>
        If you lose your phone, each of these codes signs you in once in place of a code from the app. Store
        them now, somewhere apart from your phone (a password manager, or on paper):{' '}
        <strong>they will not be shown again.</strong>
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <CopyButton text={codes.join('\n')} label="Copy the recovery codes" />
        <button className="button" type="button" onClick={onDone}>
          I have stored them
        </button>
      </div>
    </section>
  );
}

/** Adding the secret to the authenticator app, then confirming with its first code. */
function SetUpSteps({ setup, onCancel }: { setup: TwoFactorSetup; onCancel: () => void }) {
  const enable = useEnableTwoFactor();
  if (enable.isSuccess) return <RecoveryCodes codes={enable.data.recoveryCodes} onDone={onCancel} />;
  return (
    <ol className="steps">
      <li>
        <p>
          In your authenticator app, add an account and type in this key (spaces do not matter). If it asks,
          choose a time-based key.
        </p>
        <p>
          Key: <code className="secret">{groupForTyping(setup.secret)}</code>
        </p>
        <p className="muted">
          There is no QR code to scan: every authenticator app also accepts the key typed in. On a phone or
          computer with an authenticator app, <a href={setup.otpauthUri}>open the key in the app</a> instead.
        </p>
      </li>
      <li>
        <p>Enter the code the app then shows, to confirm it works.</p>
        {enable.isError ? <FormError error={enable.error} /> : null}
        <CodeForm
          submitLabel="Turn on two-factor sign-in"
          pendingLabel="Checking…"
          pending={enable.isPending}
          apiError={enable.error}
          onCode={(code) => enable.mutate(code)}
        >
          <button className="button button-secondary" type="button" onClick={onCancel}>
            Cancel
          </button>
        </CodeForm>
      </li>
    </ol>
  );
}

/** Turning it off, with a current code. */
function TurnOff({ onCancel }: { onCancel: () => void }) {
  const disable = useDisableTwoFactor();
  return (
    <>
      <p>Enter a current code from your authenticator app to turn two-factor sign-in off.</p>
      {disable.isError ? <FormError error={disable.error} /> : null}
      <CodeForm
        submitLabel="Turn off two-factor sign-in"
        pendingLabel="Turning off…"
        pending={disable.isPending}
        apiError={disable.error}
        onCode={(code) => disable.mutate(code, { onSuccess: onCancel })}
      >
        <button className="button button-secondary" type="button" onClick={onCancel}>
          Keep it on
        </button>
      </CodeForm>
    </>
  );
}

/**
 * The account page's "Two-factor sign-in": whether it is on; setting it up (key, first code, recovery
 * codes shown once); turning it off, which administrators may not.
 */
export function TwoFactorCard() {
  const me = useMe();
  const headingId = useId();
  const setUp = useSetUpTwoFactor();
  const [turningOff, setTurningOff] = useState(false);
  if (me === null) return null;

  let content: ReactNode;
  if (setUp.isSuccess) {
    // Stays up after the switch to "on", until the recovery codes have been seen.
    content = <SetUpSteps setup={setUp.data} onCancel={() => setUp.reset()} />;
  } else if (me.twoFactorEnabled) {
    content = mustKeepTwoFactor(me) ? (
      <p className="muted">
        Administrators must keep two-factor sign-in on: their rights reach every organization's data.
      </p>
    ) : turningOff ? (
      <TurnOff onCancel={() => setTurningOff(false)} />
    ) : (
      <button className="button button-secondary" type="button" onClick={() => setTurningOff(true)}>
        Turn off
      </button>
    );
  } else {
    content = (
      <>
        {setUp.isError ? <FormError error={setUp.error} /> : null}
        <button className="button" type="button" disabled={setUp.isPending} onClick={() => setUp.mutate()}>
          {setUp.isPending ? 'Setting up…' : 'Set up two-factor sign-in'}
        </button>
      </>
    );
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Two-factor sign-in</h2>
      <p>
        Status:{' '}
        {me.twoFactorEnabled ? (
          <span className="status status-active">On</span>
        ) : (
          <span className="status">Off</span>
        )}
      </p>
      <p>
        With two-factor sign-in, signing in takes your password and a code from an authenticator app on your
        phone, so a stolen password alone is not enough.
      </p>
      {content}
    </section>
  );
}
