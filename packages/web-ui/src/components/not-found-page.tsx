import { Link } from 'react-router-dom';
import { PageTitle } from './page-title';

export function NotFoundPage() {
  return (
    <section className="page">
      <PageTitle>Page not found</PageTitle>
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
