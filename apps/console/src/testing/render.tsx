import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router-dom';
import { createQueryClient, Providers } from '../app/App';

/**
 * Renders routes (or one element) inside the console's providers, at `path`, for component tests. The admin API is
 * whatever `fetch` the test installed (see fake-api.ts).
 */
export function renderRoutes(routes: RouteObject[], path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 0 } });
  const result = render(
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...result, router, queryClient };
}

export function renderElement(element: ReactElement, path = '/') {
  return renderRoutes([{ path: '*', element }], path);
}
