import { isApiError } from '@portals/api-client';
import { Button } from './button';

export interface ApiErrorMessageProps {
  /** What could not be done, in the page's words: "The subscription tiers could not be loaded." */
  summary: string;
  error: unknown;
  onRetry?: () => void;
}

/** A failed request as a person should see it: what failed, why, and the id support can trace. */
export function ApiErrorMessage({ summary, error, onRetry }: ApiErrorMessageProps) {
  const apiError = isApiError(error) ? error : null;
  return (
    <div className="alert" role="alert">
      <p className="alert-summary">{summary}</p>
      <p>{apiError ? apiError.title : 'Something unexpected went wrong.'}</p>
      {apiError?.detail ? <p>{apiError.detail}</p> : null}
      {apiError?.requestId ? (
        <p className="muted">
          Request id: <code>{apiError.requestId}</code>
        </p>
      ) : null}
      {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
    </div>
  );
}
