import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Center, Loader, Stack } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from './AuthProvider';
import { loadConsoleConfig } from './console-config';
import { finishSsoLogin } from './sso';

/** `/console/sso-callback`: where the identity provider sends the browser back with the code. */
export function SsoCallbackPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    // The code is single-use: React's development double effects must not redeem it twice.
    if (started.current) return;
    started.current = true;
    (async () => {
      const config = await loadConsoleConfig();
      if (!config.sso) throw new Error('Single sign-on is not configured');
      const result = await finishSsoLogin(config.sso, new URL(window.location.href));
      await signIn({ kind: 'sso', accessToken: result.accessToken, expiresAt: result.expiresAt, name: result.name });
      navigate(result.returnTo, { replace: true });
    })().catch((e: Error) => setError(e.message));
  }, [navigate, signIn]);

  return (
    <Center mih="100vh">
      {error ? (
        <Stack>
          <Alert color="red" title="Sign-in failed">
            {error}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            Back to sign-in
          </Anchor>
        </Stack>
      ) : (
        <Loader aria-label="Signing in" />
      )}
    </Center>
  );
}
