import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { SignInPage } from '../auth/SignInPage';
import { SsoCallbackPage } from '../auth/SsoCallbackPage';
import { FEATURES } from './features';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RequireAuth } from './RequireAuth';

/** The console's routes under /console: sign-in pages, then every feature's pages inside the signed-in layout. */
export function consoleRoutes(features = FEATURES): RouteObject[] {
  return [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/sso-callback', element: <SsoCallbackPage /> },
    {
      element: (
        <RequireAuth>
          <Layout nav={features.flatMap((f) => f.nav)} />
        </RequireAuth>
      ),
      children: [...features.flatMap((f) => f.routes), { path: '*', element: <NotFoundPage /> }],
    },
  ];
}

export const createConsoleRouter = () => createBrowserRouter(consoleRoutes(), { basename: '/console' });
