import { useId } from 'react';
import { Link } from 'react-router-dom';
import { PageTitle } from '../../../components/page-title';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/auth';
import { ApiTokensTable } from './api-tokens-table';
import { CreateApiTokenForm } from './create-api-token-form';

/** The signed-in person's API tokens: the list, revoking, and creating one (see `RequireAccess`). */
export function ApiTokensPage() {
  const me = useMe();
  const createId = useId();
  if (me === null) return null;
  return (
    <section className="page">
      <PageTitle>API tokens</PageTitle>
      <p className="breadcrumb">
        <Link to={paths.account}>Your account</Link>
      </p>
      <h1>API tokens</h1>
      <p className="muted">Tokens that let other systems call the API on your behalf.</p>
      <ApiTokensTable />
      <section className="card" aria-labelledby={createId}>
        <h2 id={createId}>Create a token</h2>
        <CreateApiTokenForm permissions={me.permissions} />
      </section>
    </section>
  );
}
