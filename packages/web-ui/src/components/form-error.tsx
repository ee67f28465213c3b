import { isApiError } from '@portals/api-client';
import type { ReactNode } from 'react';

/**
 * Why a form was refused, in the API's words (its problem detail). The request id is shown only
 * for the server's own failures, where support needs it.
 */
export function FormError({ error, children }: { error: unknown; children?: ReactNode }) {
  const apiError = isApiError(error) ? error : null;
  return (
    <div className="alert" role="alert">
      <p className="alert-summary">
        {apiError
          ? (apiError.detail ?? apiError.title)
          : 'Something unexpected went wrong. Please try again.'}
      </p>
      {apiError?.requestId && apiError.status >= 500 ? (
        <p className="muted">
          Request id: <code>{apiError.requestId}</code>
        </p>
      ) : null}
      {children}
    </div>
  );
}
