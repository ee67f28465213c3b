import { type FormEvent, useId, useState } from 'react';
import { useProductName } from './app-providers';
import { PageTitle } from './page-title';

/**
 * The sign-in form, honest about not working yet: portal accounts arrive with the identity
 * capability. Submitting sends nothing and says so.
 */
export function SignInPage() {
  const productName = useProductName();
  const id = useId();
  const [submitted, setSubmitted] = useState(false);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
  };

  return (
    <section className="page page-narrow" aria-labelledby={`${id}-heading`}>
      <PageTitle>Sign in</PageTitle>
      <h1 id={`${id}-heading`}>Sign in to the {productName}</h1>
      <p className="notice" id={`${id}-unavailable`}>
        Signing in is not available yet. It will be switched on when portal accounts arrive; until then
        nothing you enter here is sent anywhere.
      </p>
      <form className="form" aria-describedby={`${id}-unavailable`} onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <button className="button" type="submit">
          Sign in
        </button>
      </form>
      {submitted ? (
        <p className="alert" role="alert">
          You cannot sign in yet: signing in is not available in this version of the {productName}.
        </p>
      ) : null}
    </section>
  );
}
