import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { notifySaved } from '../../api/use-api-form';
import { issuersQueryKey, useIssuers } from '../../api/use-issuers';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { configOf, issuerName, newIssuerConfig } from './issuer-config';
import { creatableIssuerIds, mayAdminister } from './issuer-permissions';
import { IssuerEditor } from './IssuerEditor';
import { issuerKeys, useIssuer } from './issuers-api';
import type { Issuer } from './types';

function useOnSaved(verb: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (issuer: Issuer) => {
    queryClient.setQueryData(issuerKeys.one(issuer.id), issuer);
    void queryClient.invalidateQueries({ queryKey: issuersQueryKey, exact: true });
    // The public metadata changed with the configuration.
    void queryClient.invalidateQueries({ queryKey: issuerKeys.metadata(issuer.id) });
    notifySaved(`Issuer ${issuer.id} ${verb}`);
    navigate(`/issuers/${encodeURIComponent(issuer.id)}`);
  };
}

// The editors are rendered from the first answer on: a later background refetch (or its failure) must not replace
// a form someone is typing in, so QueryState only covers the time before the data is there.

/** `/issuers/new`. */
export function NewIssuerPage() {
  const { principal } = useAuth();
  const issuers = useIssuers<Issuer>();
  const onSaved = useOnSaved('created');
  const header = (
    <PageHeader
      title="New issuer"
      description="An OpenID4VCI credential issuer: its id, how wallets show it, and the credentials it offers."
    />
  );
  if (!issuers.data)
    return (
      <>
        {header}
        <QueryState query={issuers}>{() => null}</QueryState>
      </>
    );
  const allowed = creatableIssuerIds(
    principal,
    issuers.data.items.map((i) => i.id),
  );
  return (
    <>
      {header}
      {allowed !== '*' && allowed.length === 0 ? (
        <EmptyState title="You cannot create an issuer">
          Creating an issuer needs the issuer-admin role for its id; ask a platform administrator.
        </EmptyState>
      ) : (
        <IssuerEditor
          initial={newIssuerConfig(allowed !== '*' && allowed.length === 1 ? allowed[0] : '')}
          allowedIds={allowed}
          cancelTo="/issuers"
          onSaved={onSaved}
        />
      )}
    </>
  );
}

/** `/issuers/:issuerId/edit`. */
export function EditIssuerPage() {
  const { issuerId = '' } = useParams();
  const { principal } = useAuth();
  const issuer = useIssuer(issuerId);
  const onSaved = useOnSaved('saved');
  const data = issuer.data;
  if (!data) return <QueryState query={issuer}>{() => null}</QueryState>;
  return (
    <>
      <PageHeader title={`Edit ${issuerName(data)}`} description={data.credentialIssuer} />
      {mayAdminister(principal, issuerId) ? (
        <IssuerEditor
          issuerId={issuerId}
          initial={configOf(data)}
          credentialIssuer={data.credentialIssuer}
          cancelTo={`/issuers/${encodeURIComponent(issuerId)}`}
          onSaved={onSaved}
        />
      ) : (
        <EmptyState title="Read only">Editing this issuer needs the issuer-admin role on it.</EmptyState>
      )}
    </>
  );
}
