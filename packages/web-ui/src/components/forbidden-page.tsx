import { Link } from 'react-router-dom';
import { PageTitle } from './page-title';

/** A page the signed-in person may not open; the API would refuse its data anyway. */
export function ForbiddenPage({ message }: { message?: string | undefined } = {}) {
  return (
    <section className="page">
      <PageTitle>Not available to you</PageTitle>
      <h1>This page is not available to you</h1>
      <p>
        {message ??
          "Your account does not give access to this page. If you need it, ask your organization's main contact."}
      </p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
