import { useId } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';

/** The account page's way to the API tokens page. */
export function ApiTokensCard() {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>API tokens</h2>
      <p>
        Let another system, such as a monitoring tool or a script, call the API on your behalf with the
        permissions you choose.
      </p>
      <p>
        <Link to={paths.apiTokens}>Manage your API tokens</Link>
      </p>
    </section>
  );
}
