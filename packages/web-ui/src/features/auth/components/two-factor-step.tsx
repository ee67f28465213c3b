import { isApiError } from '@portals/api-client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../components/form-error';
import {
  OneTimeCodeField,
  oneTimeCodeMissing,
  readOneTimeCode,
} from '../../../components/one-time-code-field';
import { TextField } from '../../../components/text-field';
import { useSessionManager } from '../../../lib/auth';
import { formValue } from '../../../lib/form-value';
import { useRetryAfter } from '../../../lib/use-retry-after';

type Method = 'code' | 'recovery-code';

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
  const [checkError, setCheckError] = useState<string | undefined>();
  // After too many wrong codes the API refuses every attempt for a while: wait as long as it says.
  const waiting = useRetryAfter(complete.error);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (method === 'code') {
      const code = readOneTimeCode(form);
      setCheckError(code ? undefined : oneTimeCodeMissing);
      if (code) complete.mutate({ challengeToken, code });
      return;
    }
    const recoveryCode = formValue(form, 'code').trim();
    setCheckError(recoveryCode ? undefined : 'Enter one of your recovery codes.');
    if (recoveryCode) complete.mutate({ challengeToken, recoveryCode });
  };

  const switchMethod = () => {
    setMethod(method === 'code' ? 'recovery-code' : 'code');
    setCheckError(undefined);
    complete.reset();
  };

  const apiError = isApiError(complete.error) ? complete.error : null;
  return (
    <>
      <p>
        {method === 'code'
          ? 'Your account uses two-factor sign-in. Enter the code your authenticator app shows now.'
          : 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once.'}
      </p>
      {complete.isError ? <FormError error={complete.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit} key={method}>
        {method === 'code' ? (
          <OneTimeCodeField error={checkError ?? apiError?.fieldError('body.code')} />
        ) : (
          <TextField
            label="Recovery code"
            name="code"
            autoComplete="off"
            spellCheck={false}
            required
            hint="As you saved it, for example abcd-efgh-ijkl."
            error={checkError ?? apiError?.fieldError('body.recoveryCode')}
          />
        )}
        <div className="actions">
          <button className="button" type="submit" disabled={complete.isPending || waiting}>
            {complete.isPending ? 'Checking…' : 'Continue'}
          </button>
          <button className="button button-secondary" type="button" onClick={switchMethod}>
            {method === 'code' ? 'Use a recovery code instead' : 'Use the authenticator app instead'}
          </button>
          <button className="button button-secondary" type="button" onClick={onStartOver}>
            Start over
          </button>
        </div>
      </form>
    </>
  );
}
