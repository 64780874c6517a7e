import type { ReactNode } from 'react';
import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import { AuthProvider } from '../auth/AuthProvider';
import { cspNonce } from './csp-nonce';
import { createConsoleRouter } from './router';

export const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A refusal will not change on retry; a network blip may.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

/** Theme, notifications, data cache and sign-in state: what every page (and every component test) runs inside. */
export function Providers({ children, queryClient }: { children: ReactNode; queryClient: QueryClient }) {
  const nonce = cspNonce();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={nonce ? () => nonce : undefined}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>{children}</AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

export function App() {
  return (
    <Providers queryClient={createQueryClient()}>
      <RouterProvider router={createConsoleRouter()} />
    </Providers>
  );
}
