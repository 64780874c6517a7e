import { useMemo, useState } from 'react';
import { Alert, Button, FileInput, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { post, seg } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { batchErrorsByRow, defaultNameColumn, parseCsv, planColumns, prepareRows, type CsvTable } from './csv-offers';
import { BatchPreview } from './BatchPreview';
import { BatchResults } from './BatchResults';
import { defaultOfferValues, settingsToRequest, validateSettings, type OfferFormValues } from './offer-form';
import { OfferManagerOnly } from './OfferManagerOnly';
import { OfferSettingsFields } from './OfferSettingsFields';
import { downloadText, type BatchResultRow } from './results-csv';
import type { OfferRequest, OfferResponse, ProfileSummary } from './types';
import { useProfile } from './use-offer-data';

/** The leaf paths of the profile's data: the columns a template file starts with. */
function dataColumns(data: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(data).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? dataColumns(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

/** `/issuers/:issuerId/profiles/:profileId/offers/batch`: one offer per row of a CSV file, then a sheet to print. */
export function BatchOffersPage() {
  const { issuerId = '', profileId = '' } = useParams();
  const profile = useProfile(issuerId, profileId);
  return (
    <>
      <PageHeader
        title="Batch offers"
        description={
          <>
            Issuer <strong>{issuerId}</strong> · profile <strong>{profile.data?.name ?? profileId}</strong> · one offer per row of a CSV
            file
          </>
        }
      />
      <OfferManagerOnly issuerId={issuerId}>
        <QueryState query={profile}>{(data) => <BatchOffers profile={data} />}</QueryState>
      </OfferManagerOnly>
    </>
  );
}

function BatchOffers({ profile }: { profile: ProfileSummary }) {
  const form = useForm<OfferFormValues>({ initialValues: { ...defaultOfferValues(), expiresInSeconds: 7 * 86_400 } });
  const [file, setFile] = useState<File | null>(null);
  const [table, setTable] = useState<CsvTable>();
  const [readError, setReadError] = useState<string>();
  const [nameColumn, setNameColumn] = useState<string | null>(null);
  const [apiErrors, setApiErrors] = useState(new Map<number, string[]>());
  const [failure, setFailure] = useState<unknown>();
  const [results, setResults] = useState<BatchResultRow[]>();
  const profileData = profile.credentialData;

  const plan = useMemo(() => (table ? planColumns(table.columns, profileData) : undefined), [table, profileData]);
  const settings = settingsToRequest(form.values);
  // The rows depend on the settings' content, not on the object rebuilt at every render.
  const settingsKey = JSON.stringify(settings);
  const txCode = form.values.txCode;
  const rows = useMemo(
    () => (table && plan ? prepareRows(table, plan.plan, JSON.parse(settingsKey) as OfferRequest, txCode, profileData) : []),
    [table, plan, settingsKey, txCode, profileData],
  );
  const fileErrors = [...(table?.errors ?? []), ...(plan?.errors ?? [])];
  const rowsWithProblems = rows.filter((r) => r.errors.length > 0 || apiErrors.has(r.index)).length;
  const chosenName = nameColumn ?? (table ? (defaultNameColumn(table.columns) ?? null) : null);

  const choose = async (next: File | null) => {
    setFile(next);
    setApiErrors(new Map());
    setFailure(undefined);
    setReadError(undefined);
    setNameColumn(null);
    if (!next) return setTable(undefined);
    try {
      setTable(parseCsv(await next.text()));
    } catch (error) {
      setTable(undefined);
      setReadError(`The file cannot be read: ${(error as Error).message}`);
    }
  };

  const create = useMutation({
    mutationFn: () =>
      post<{ offers: OfferResponse[] }>(`/issuers/${seg(profile.issuerId)}/profiles/${seg(profile.profileId)}/offers/batch`, {
        offers: rows.map((r) => r.request),
      }),
    onMutate: () => {
      setApiErrors(new Map());
      setFailure(undefined);
    },
    onSuccess: ({ offers }) =>
      setResults(offers.map((offer, i) => ({ row: i + 1, name: chosenName ? (rows[i]?.cells[chosenName] ?? '') : '', offer }))),
    onError: (error) => {
      if (!(error instanceof ApiError)) return setFailure(error);
      const { rows: byRow, general } = batchErrorsByRow(error.errors);
      setApiErrors(byRow);
      const detail = byRow.size > 0 ? `${error.detail ?? error.title} — see the rows marked below` : error.detail;
      setFailure(new ApiError(error.status, error.title, detail, general));
    },
  });

  const submit = form.onSubmit((values) => {
    const errors = validateSettings(values);
    form.setErrors(errors);
    if (Object.keys(errors).length === 0) create.mutate();
  });

  if (results)
    return (
      <BatchResults
        issuerId={profile.issuerId}
        rows={results}
        onRestart={() => {
          setResults(undefined);
          void choose(null);
        }}
      />
    );

  const template = () =>
    downloadText(
      `${profile.profileId}-offers-template.csv`,
      `${[...dataColumns(profileData ?? {}), 'sessionId', ...(settings.txCode ? ['txCodeValue'] : [])].join(',')}\n`,
    );

  return (
    <form onSubmit={submit} noValidate aria-label="Batch offers">
      <Stack gap="lg">
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            CSV file
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            A header row, then one row per holder. Columns named like the profile's data (<code>given_name</code>,{' '}
            <code>address.locality</code>) fill it for that offer; <code>sessionId</code>, <code>txCodeValue</code> and{' '}
            <code>expiresInSeconds</code> set the offer itself. Empty cells keep the profile's value. At most 1000 rows.
          </Text>
          <Group align="flex-end" gap="md" wrap="wrap">
            <FileInput
              label="CSV file"
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              value={file}
              onChange={(next) => void choose(next)}
              leftSection={<IconFileTypeCsv size={18} />}
              clearable
              w={360}
              error={readError}
            />
            <Button variant="default" onClick={template}>
              Download a template
            </Button>
          </Group>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Settings for every offer
          </Title>
          <OfferSettingsFields form={form} />
        </Paper>
        {table && (
          <Paper withBorder p="md">
            <Stack gap="md">
              <Group justify="space-between" align="flex-end" wrap="wrap">
                <Title order={4}>
                  {rows.length === 1 ? '1 row' : `${rows.length} rows`}
                  {rowsWithProblems > 0 && (
                    <Text span c="red" fw={600} ml="sm">
                      {rowsWithProblems} with problems
                    </Text>
                  )}
                </Title>
                <Select
                  label="Name on the printed cards"
                  data={table.columns}
                  value={chosenName}
                  onChange={setNameColumn}
                  w={260}
                  allowDeselect={false}
                />
              </Group>
              {fileErrors.length > 0 && (
                <Alert color="red" title="The file cannot be used as it is" role="alert">
                  <List size="sm">
                    {fileErrors.map((e) => (
                      <List.Item key={e}>{e}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              {plan && plan.warnings.length > 0 && (
                <Alert color="yellow" title="Check the columns">
                  <List size="sm">
                    {plan.warnings.map((w) => (
                      <List.Item key={w}>{w}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <BatchPreview columns={table.columns} rows={rows} apiErrors={apiErrors} />
            </Stack>
          </Paper>
        )}
        <ErrorAlert error={failure} />
        <Group>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!table || rows.length === 0 || fileErrors.length > 0 || rows.some((r) => r.errors.length > 0)}
          >
            {rows.length ? `Create ${rows.length === 1 ? '1 offer' : `${rows.length} offers`}` : 'Create offers'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
