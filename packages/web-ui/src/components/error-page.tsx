import { isApiError } from '@portals/api-client';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router-dom';
import { Button } from './button';
import { NotFoundPage } from './not-found-page';
import { PageTitle } from './page-title';

/** The router's errorElement: a friendly message, and the request id when the API failed. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  const apiError = isApiError(error) ? error : null;
  return (
    <section className="page">
      <PageTitle>Something went wrong</PageTitle>
      <h1>Something went wrong</h1>
      <div className="alert" role="alert">
        {apiError ? (
          <>
            <p className="alert-summary">{apiError.title}</p>
            {apiError.detail ? <p>{apiError.detail}</p> : null}
          </>
        ) : (
          <p className="alert-summary">This page stopped working because of an unexpected error.</p>
        )}
        {apiError?.requestId ? (
          <p>
            If you contact support, please quote the request id <code>{apiError.requestId}</code>.
          </p>
        ) : null}
      </div>
      <ReloadActions />
    </section>
  );
}

/** What a person can do on a page that failed: load it again, or leave for the home page. */
export function ReloadActions() {
  return (
    <p className="actions">
      <Button onClick={() => window.location.reload()}>Reload the page</Button>
      <Link to="/">Go to the home page</Link>
    </p>
  );
}
