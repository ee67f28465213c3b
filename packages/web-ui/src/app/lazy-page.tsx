import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';
import { useRouteError } from 'react-router-dom';
import { ErrorPage, ReloadActions } from '../components/error-page';
import { PageTitle } from '../components/page-title';

/**
 * Loads a page's code, for example `() => import('./routes/contacts').then((module) => module.ContactsRoute)`:
 * a dynamic import, so the page is a chunk of its own that is fetched when the page is first opened.
 */
export type PageLoader = () => Promise<ComponentType>;

/** A page's code could not be fetched: usually a dropped connection, or a release that replaced the chunks. */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super('The page could not be loaded', { cause });
    this.name = 'PageLoadError';
  }
}

/** Says a page is on its way, to screen readers too, while its code loads. */
export function PageLoading() {
  return (
    <p className="muted" role="status">
      Loading the page…
    </p>
  );
}

/** The page `load` gives, fetched when it first renders (see `pageElement`). */
export const lazyPage = (load: PageLoader): LazyExoticComponent<ComponentType> =>
  lazy(async () => {
    try {
      return { default: await load() };
    } catch (error) {
      throw new PageLoadError(error);
    }
  });

/** A lazy page as a route element: `PageLoading` until its code has arrived. */
export const pageElement = (Page: LazyExoticComponent<ComponentType>): ReactNode => (
  <Suspense fallback={<PageLoading />}>
    <Page />
  </Suspense>
);

/**
 * The errorElement of the portal's pages: when a page's code could not be fetched, a reload (which
 * also fetches the current release) is what helps; any other failure is the general error page.
 */
export function PageErrorPage() {
  const error = useRouteError();
  if (!(error instanceof PageLoadError)) return <ErrorPage />;
  return (
    <section className="page">
      <PageTitle>This page could not be loaded</PageTitle>
      <h1>This page could not be loaded</h1>
      <div className="alert" role="alert">
        <p className="alert-summary">The connection may have dropped, or the portal has been updated.</p>
        <p>Reloading fetches the page again.</p>
      </div>
      <ReloadActions />
    </section>
  );
}
