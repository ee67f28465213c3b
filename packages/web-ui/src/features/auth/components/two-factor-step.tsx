import { TwoFactorSignInRequest } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import {
  OneTimeCodeField,
  OneTimeCodeForm,
  oneTimeCodeMissing,
} from '../../../components/one-time-code-field';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { useSessionManager } from '../../../lib/auth';
import { useRetryAfter } from '../../../lib/use-retry-after';

type Method = 'code' | 'recovery-code';

const RecoveryCodeForm = z.object({
  recoveryCode: z.string().trim().pipe(TwoFactorSignInRequest.shape.recoveryCode.unwrap()),
});

export interface TwoFactorStepProps {
  challengeToken: string;
  /** Back to email and password, for example when the five minutes of the challenge have passed. */
  onStartOver: () => void;
}

/** The second step of signing in to an account with two-factor sign-in. */
export function TwoFactorStep({ challengeToken, onStartOver }: TwoFactorStepProps) {
  const session = useSessionManager();
  const complete = useMutation({ mutationFn: session.completeTwoFactorSignIn });
  const [method, setMethod] = useState<Method>('code');
  // After too many wrong codes the API refuses every attempt for a while: wait as long as it says.
  const waiting = useRetryAfter(complete.error);
  const codeForm = useZodForm(OneTimeCodeForm, { code: '' }, { messages: { code: oneTimeCodeMissing } });
  const recoveryForm = useZodForm(
    RecoveryCodeForm,
    { recoveryCode: '' },
    { messages: { recoveryCode: 'Enter one of your recovery codes.' } },
  );

  // The step replaces the password form: the person's next move is typing the code, so the field takes
  // the focus (screen readers announce it), and again when they switch between code and recovery code.
  const { setFocus: focusCode } = codeForm;
  const { setFocus: focusRecoveryCode } = recoveryForm;
  useEffect(() => {
    if (method === 'code') focusCode('code');
    else focusRecoveryCode('recoveryCode');
  }, [method, focusCode, focusRecoveryCode]);

  const submitCode = codeForm.handleSubmit(({ code }) =>
    complete.mutate({ challengeToken, code }, { onError: (error) => setServerFieldErrors(codeForm, error) }),
  );
  const submitRecoveryCode = recoveryForm.handleSubmit(({ recoveryCode }) =>
    complete.mutate(
      { challengeToken, recoveryCode },
      { onError: (error) => setServerFieldErrors(recoveryForm, error) },
    ),
  );

  const switchMethod = () => {
    setMethod(method === 'code' ? 'recovery-code' : 'code');
    codeForm.clearErrors();
    recoveryForm.clearErrors();
    complete.reset();
  };

  return (
    <>
      <p>
        {method === 'code'
          ? 'Your account uses two-factor sign-in. Enter the code your authenticator app shows now.'
          : 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once.'}
      </p>
      {complete.isError ? <FormError error={complete.error} /> : null}
      <form
        className="form"
        noValidate
        onSubmit={method === 'code' ? submitCode : submitRecoveryCode}
        key={method}
      >
        {method === 'code' ? (
          <OneTimeCodeField control={codeForm.control} />
        ) : (
          <TextField
            control={recoveryForm.control}
            name="recoveryCode"
            label="Recovery code"
            autoComplete="off"
            spellCheck={false}
            required
            hint="As you saved it, for example abcd-efgh-ijkl."
          />
        )}
        <div className="actions">
          <Button type="submit" busy={complete.isPending} busyLabel="Checking…" disabled={waiting}>
            Continue
          </Button>
          <Button variant="secondary" onClick={switchMethod}>
            {method === 'code' ? 'Use a recovery code instead' : 'Use the authenticator app instead'}
          </Button>
          <Button variant="secondary" onClick={onStartOver}>
            Start over
          </Button>
        </div>
      </form>
    </>
  );
}
