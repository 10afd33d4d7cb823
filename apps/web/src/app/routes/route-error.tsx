import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { FullPageError } from '../../components/full-page-error';

/** A route that failed to load (a stale chunk after a deploy) or threw while rendering. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'An unexpected error occurred.';
  return (
    <FullPageError
      title="This page could not be shown"
      message={message}
      retryLabel="Reload the page"
      onRetry={() => window.location.reload()}
    />
  );
}
