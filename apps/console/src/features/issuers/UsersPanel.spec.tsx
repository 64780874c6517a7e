import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderElement } from '../../testing/render';
import { ACME_ADMIN, bodiesOf, signedInAs, userEvent } from './test-support';
import { UsersPanel } from './UsersPanel';

const ERIKA = { username: 'erika', claims: { given_name: 'Erika' }, createdAt: '2030-01-01T00:00:00Z', updatedAt: '2030-01-01T00:00:00Z' };
const USERS = '/api/v1/issuers/acme/users';

function usersApi(items = [ERIKA], answers: Record<string, (body: Record<string, unknown>) => { status: number; body?: unknown }> = {}) {
  return fakeApi({
    ...signedInAs(ACME_ADMIN),
    [`GET ${USERS}`]: () => ({ status: 200, body: { items } }),
    [`POST ${USERS}`]: (r) =>
      answers.post?.(r.body as Record<string, unknown>) ?? { status: 201, body: { ...ERIKA, ...(r.body as object) } },
    [`PUT ${USERS}/erika`]: (r) => answers.put?.(r.body as Record<string, unknown>) ?? { status: 200, body: ERIKA },
    [`DELETE ${USERS}/erika`]: () => ({ status: 204 }),
  });
}

describe('password login users', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('empty: says to create the first user', async () => {
    usersApi([]);
    renderElement(<UsersPanel issuerId="acme" />);
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByText('No login users yet')).toBeTruthy();
    expect(within(empty).getByRole('button', { name: 'New user' })).toBeTruthy();
  });

  it('creates a user with username, password and claims as JSON', async () => {
    const api = usersApi();
    renderElement(<UsersPanel issuerId="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog', { name: 'New login user' });
    await userEvent.type(within(dialog).getByLabelText(/Username/), 'max');
    await userEvent.type(within(dialog).getByLabelText(/^Password/), 'correct horse battery');
    const claims = within(dialog).getByLabelText('Claims (JSON)');
    await userEvent.clear(claims);
    await userEvent.type(claims, '{{"given_name": "Max", "age": 40}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodiesOf(api.requests, 'POST', USERS)).toEqual([
      { username: 'max', password: 'correct horse battery', claims: { given_name: 'Max', age: 40 } },
    ]);
  });

  it('shows a refused password at its field and keeps everything typed', async () => {
    usersApi([], { post: () => problem(400, 'Bad Request', [{ path: 'password', message: 'must be at least 12 characters' }]) });
    renderElement(<UsersPanel issuerId="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog', { name: 'New login user' });
    await userEvent.type(within(dialog).getByLabelText(/Username/), 'max');
    await userEvent.type(within(dialog).getByLabelText(/^Password/), 'short');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    const error = await within(dialog).findByText('must be at least 12 characters');
    // At the password field (inside its wrapper), not only in a summary.
    expect(
      within(dialog)
        .getByLabelText(/^Password/)
        .closest('.mantine-InputWrapper-root')
        ?.contains(error),
    ).toBe(true);
    expect((within(dialog).getByLabelText(/Username/) as HTMLInputElement).value).toBe('max');
    expect((within(dialog).getByLabelText(/^Password/) as HTMLInputElement).value).toBe('short');
  });

  it('refuses claims that are not a JSON object at the field, without asking the API', async () => {
    const api = usersApi();
    renderElement(<UsersPanel issuerId="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit user erika' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit user erika' });
    const claims = within(dialog).getByLabelText('Claims (JSON)');
    await userEvent.clear(claims);
    await userEvent.type(claims, '[[1, 2]');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save user' }));
    expect(await within(dialog).findByText(/Must be a JSON object/)).toBeTruthy();
    expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('edits the claims and keeps the password when it is left empty', async () => {
    const api = usersApi();
    renderElement(<UsersPanel issuerId="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit user erika' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit user erika' });
    expect((within(dialog).getByLabelText(/Username/) as HTMLInputElement).disabled).toBe(true);
    const claims = within(dialog).getByLabelText('Claims (JSON)');
    await userEvent.clear(claims);
    await userEvent.type(claims, '{{"given_name": "Erika Maria"}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save user' }));
    await waitFor(() => expect(bodiesOf(api.requests, 'PUT', `${USERS}/erika`)).toEqual([{ claims: { given_name: 'Erika Maria' } }]));
  });

  it('deletes a user after confirmation', async () => {
    const api = usersApi();
    renderElement(<UsersPanel issuerId="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete user erika' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete user erika?' });
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`${USERS}/erika`]));
  });
});
