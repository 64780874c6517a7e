import { screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { offersFeature } from '.';
import { signedInRoutes, signIn } from '../sessions/test-fixtures';
import { bodyOf, ME, offerAnswer, PROFILE } from './test-fixtures';

const userEvent = userEventLib.setup({ delay: null });
const BATCH = '/api/v1/issuers/acme/profiles/identity/offers/batch';
const PAGE = '/issuers/acme/profiles/identity/offers/batch';

function api(answer?: (offers: Record<string, unknown>[]) => { status: number; body?: unknown }) {
  return fakeApi({
    'GET /api/v1/me': () => ({ status: 200, body: ME }),
    'GET /api/v1/issuers/acme/profiles/identity': () => ({ status: 200, body: PROFILE }),
    [`POST ${BATCH}`]: (request) => {
      const offers = (request.body as { offers: Record<string, unknown>[] }).offers;
      return answer?.(offers) ?? { status: 201, body: { offers: offers.map((o, i) => offerAnswer(o, i + 1)) } };
    },
  });
}

async function upload(csv: string) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  await userEvent.upload(input, new File([csv], 'holders.csv', { type: 'text/csv' }));
}

describe('batch offers from a CSV file', { timeout: 30_000 }, () => {
  beforeEach(() => signIn());
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('previews the rows with their problems and sends nothing until the file is right', async () => {
    const fake = api();
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await screen.findByRole('form', { name: 'Batch offers' });
    await upload('given_name,age,sessionId\nAnna,34,case-1\nBen,old,case-1\n');

    const bad = await screen.findByTestId('batch-row-2');
    expect(within(bad).getByText('age: "old" is not a number')).toBeTruthy();
    expect(within(bad).getByText('sessionId: "case-1" is also in row 1')).toBeTruthy();
    expect(within(screen.getByTestId('batch-row-1')).getByText('Ready')).toBeTruthy();
    expect(screen.getByText('1 with problems')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Create 2 offers' }) as HTMLButtonElement).disabled).toBe(true);

    await upload('given_name,age,sessionId\nAnna,34,case-1\nBen,40,case-2\n');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Create 2 offers' }) as HTMLButtonElement).disabled).toBe(false));
    expect(bodyOf(fake.requests, 'POST', BATCH)).toEqual([]);
  });

  it('sends one offer per row with the shared settings, then shows the results, the sheet, Print and the CSV', async () => {
    const fake = api();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:results'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await screen.findByRole('form', { name: 'Batch offers' });
    await userEvent.clear(screen.getByLabelText('Length'));
    await userEvent.type(screen.getByLabelText('Length'), '4');
    await upload('given_name,address.locality,txCodeValue\nAnna,Köln,1234\nBen,,\n');
    await userEvent.click(await screen.findByRole('button', { name: 'Create 2 offers' }));

    await screen.findByText('2 offers created');
    expect(bodyOf(fake.requests, 'POST', BATCH)).toEqual([
      {
        offers: [
          {
            authMethod: 'PRE_AUTHORIZED',
            valueMode: 'BY_REFERENCE',
            expiresInSeconds: 604800,
            txCode: { input_mode: 'numeric', length: 4 },
            txCodeValue: '1234',
            runtimeOverrides: { credentialData: { given_name: 'Anna', address: { locality: 'Köln' } } },
          },
          {
            authMethod: 'PRE_AUTHORIZED',
            valueMode: 'BY_REFERENCE',
            expiresInSeconds: 604800,
            txCode: { input_mode: 'numeric', length: 4 },
            runtimeOverrides: { credentialData: { given_name: 'Ben' } },
          },
        ],
      },
    ]);
    const sheet = screen.getByTestId('qr-sheet');
    expect(within(sheet).getAllByTestId('sheet-qr')).toHaveLength(2);
    const anna = within(sheet).getByRole('article', { name: 'Offer for Anna' });
    expect(within(anna).getByText('1234')).toBeTruthy();
    expect(within(sheet).getByRole('article', { name: 'Offer for Ben' }).textContent).toContain('9999');
    expect(screen.getByRole('link', { name: 'session-2' }).getAttribute('href')).toBe('/issuers/acme/sessions/session-2');

    await userEvent.click(screen.getByRole('checkbox', { name: /Print the transaction codes/ }));
    expect(within(anna).queryByText('1234')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    const csv = await blobs[0].text();
    expect(csv.split('\r\n')[1]).toBe(`1,Anna,offer-1,session-1,${offerAnswer({}, 1).credentialOffer},1234,2030-01-01T00:05:00.000Z`);
  });

  it('shows the refusals the API names per row at those rows', async () => {
    api(() =>
      problem(400, 'Bad Request', [
        { path: 'offers.1.sessionId', message: 'a session with this id exists' },
        { path: 'offers', message: 'something about the whole batch' },
      ]),
    );
    renderRoutes(signedInRoutes(offersFeature.routes), PAGE);
    await screen.findByRole('form', { name: 'Batch offers' });
    await upload('given_name,sessionId\nAnna,a-1\nBen,a-2\n');
    await userEvent.click(await screen.findByRole('button', { name: 'Create 2 offers' }));
    const row = screen.getByTestId('batch-row-2');
    expect(await within(row).findByText('sessionId: a session with this id exists')).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('see the rows marked below');
    expect(alert.textContent).toContain('offers: something about the whole batch');
    expect(screen.getByTestId('batch-row-1').textContent).toContain('Ready');
  });
});
