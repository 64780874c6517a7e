import type { ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';

/** Pages behind sign-in: sends the visitor to the sign-in page and back to where they wanted to go. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { principal, checking } = useAuth();
  const location = useLocation();
  if (checking)
    return (
      <Center mih="100vh">
        <Loader aria-label="Checking sign-in" />
      </Center>
    );
  if (!principal) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
