import { type Me, rolesRequiringTwoFactor, type TwoFactorSetup } from '@portals/domain';
import { type ReactNode, useId, useState } from 'react';
import { Button } from '../../../components/button';
import { CopyButton } from '../../../components/copy-button';
import { FormError } from '../../../components/form-error';
import {
  OneTimeCodeField,
  OneTimeCodeForm,
  oneTimeCodeMissing,
} from '../../../components/one-time-code-field';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { useMe } from '../../../lib/auth';
import { useDisableTwoFactor } from '../api/disable-two-factor';
import { useEnableTwoFactor } from '../api/enable-two-factor';
import { useSetUpTwoFactor } from '../api/set-up-two-factor';
import { QrCode } from './qr-code';

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
  onCode,
  children,
}: {
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** Sends the code; `onError` puts the API's field error on the code field. */
  onCode: (code: string, onError: (error: unknown) => void) => void;
  /** More buttons beside the submit button. */
  children?: ReactNode;
}) {
  const form = useZodForm(OneTimeCodeForm, { code: '' }, { messages: { code: oneTimeCodeMissing } });
  const handleSubmit = form.handleSubmit(({ code }) =>
    onCode(code, (error) => setServerFieldErrors(form, error)),
  );
  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      <OneTimeCodeField control={form.control} />
      <div className="actions">
        <Button type="submit" busy={pending} busyLabel={pendingLabel}>
          {submitLabel}
        </Button>
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
        <Button onClick={onDone}>I have stored them</Button>
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
          In your authenticator app, add an account and scan this QR code, or type in the key below (spaces do
          not matter; if it asks, choose a time-based key).
        </p>
        <QrCode text={setup.otpauthUri} label="QR code of the key, for the authenticator app" />
        <p>
          Key: <code className="secret">{groupForTyping(setup.secret)}</code>
        </p>
        <p className="muted">
          On a phone or computer with an authenticator app,{' '}
          <a href={setup.otpauthUri}>open the key in the app</a> instead.
        </p>
      </li>
      <li>
        <p>Enter the code the app then shows, to confirm it works.</p>
        {enable.isError ? <FormError error={enable.error} /> : null}
        <CodeForm
          submitLabel="Turn on two-factor sign-in"
          pendingLabel="Checking…"
          pending={enable.isPending}
          onCode={(code, onError) => enable.mutate(code, { onError })}
        >
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
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
        onCode={(code, onError) => disable.mutate(code, { onSuccess: onCancel, onError })}
      >
        <Button variant="secondary" onClick={onCancel}>
          Keep it on
        </Button>
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
      <Button variant="secondary" onClick={() => setTurningOff(true)}>
        Turn off
      </Button>
    );
  } else {
    content = (
      <>
        {setUp.isError ? <FormError error={setUp.error} /> : null}
        <Button busy={setUp.isPending} busyLabel="Setting up…" onClick={() => setUp.mutate()}>
          Set up two-factor sign-in
        </Button>
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
