import type { ReactNode } from 'react';
import { Anchor } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';

/** The offer pages for those who may create offers on the issuer (offer-manager); others learn why not. */
export function OfferManagerOnly({ issuerId, children }: { issuerId: string; children: ReactNode }) {
  const { principal } = useAuth();
  if (can(principal, 'offer-manager', issuerId)) return <>{children}</>;
  return (
    <EmptyState
      title="Offers need the offer-manager role"
      action={
        <Anchor component={Link} to={`/issuers/${encodeURIComponent(issuerId)}/sessions`}>
          See the issuer's sessions
        </Anchor>
      }
    >
      You are signed in without the offer-manager role on issuer {issuerId}. Ask an issuer admin for it.
    </EmptyState>
  );
}
