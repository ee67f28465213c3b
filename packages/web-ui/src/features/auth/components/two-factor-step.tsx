import { isApiError } from '@portals/api-client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/text-field';
import { useSessionManager } from '../../../lib/auth';
import { formValue } from '../../../lib/form-value';

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

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = formValue(new FormData(event.currentTarget), 'code').replaceAll(' ', '');
    if (method === 'code' && !/^\d{6}$/.test(value)) {
      setCheckError('Enter the 6 digits your authenticator app shows.');
      return;
    }
    if (method === 'recovery-code' && !value) {
      setCheckError('Enter one of your recovery codes.');
      return;
    }
    setCheckError(undefined);
    complete.mutate(
      method === 'code' ? { challengeToken, code: value } : { challengeToken, recoveryCode: value },
    );
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
          <TextField
            label="Code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            error={checkError ?? apiError?.fieldError('body.code')}
          />
        ) : (
          <TextField
            label="Recovery code"
            name="code"
            autoComplete="off"
            required
            error={checkError ?? apiError?.fieldError('body.recoveryCode')}
          />
        )}
        <div className="actions">
          <button className="button" type="submit" disabled={complete.isPending}>
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
