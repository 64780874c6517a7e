import type { ReactNode } from 'react';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';

/** A page only some principals may open: the others are told who may, instead of a page of refusals. */
export function RequireRole({ allowed, who, children }: { allowed: boolean; who: string; children: ReactNode }) {
  const { principal } = useAuth();
  if (!principal) return null;
  if (!allowed)
    return <EmptyState title="Not available to you">This page is for {who}. Ask a platform administrator if you need it.</EmptyState>;
  return <>{children}</>;
}
