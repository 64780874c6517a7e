import { useState } from 'react';
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import { useAuth } from './AuthProvider';
import { loadConsoleConfig } from './console-config';
import { startSsoLogin } from './sso';

/** Sign-in with an API key (or the admin key) and, when configured, with the company's identity provider. */
export function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const returnTo = (location.state as { from?: string } | null)?.from ?? '/';
  const config = useQuery({ queryKey: ['console-config'], queryFn: loadConsoleConfig, staleTime: Infinity });
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!key.trim()) {
      setError('Paste an API key');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signIn({ kind: 'api-key', key: key.trim() });
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'This key is not valid (unknown, revoked or expired)' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const sso = config.data?.sso;
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>Issuer console</Title>
          <Text c="dimmed" size="sm">
            Sign in to manage issuers, profiles, offers and credentials.
          </Text>
          {sso && (
            <>
              <Button
                variant="filled"
                onClick={() => startSsoLogin(sso, returnTo).catch((e: Error) => setError(`Single sign-on failed: ${e.message}`))}
              >
                Sign in with {sso.name ?? 'single sign-on'}
              </Button>
              <Divider label="or with an API key" labelPosition="center" />
            </>
          )}
          <form onSubmit={submit} noValidate>
            <Stack>
              <PasswordInput
                label="API key"
                description="The admin key printed by npm start, or a key from API keys"
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                error={error}
                autoFocus
                autoComplete="off"
              />
              <Button type="submit" loading={busy} variant={sso ? 'default' : 'filled'}>
                Sign in
              </Button>
            </Stack>
          </form>
          {config.isError && <Alert color="yellow">The console configuration could not be loaded; API key sign-in still works.</Alert>}
        </Stack>
      </Paper>
    </Center>
  );
}
