import { useState } from 'react';
import { Anchor, Badge, Group } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useParams } from 'react-router-dom';
import { seg } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { defaultOfferValues, type OfferFormValues } from './offer-form';
import { OfferForm } from './OfferForm';
import { OfferManagerOnly } from './OfferManagerOnly';
import { OfferResult } from './OfferResult';
import type { OfferResponse } from './types';
import { useProfile } from './use-offer-data';

/** `/issuers/:issuerId/profiles/:profileId/offers/new`: the offer form, then the offer to hand out. */
export function CreateOfferPage() {
  const { issuerId = '', profileId = '' } = useParams();
  const profile = useProfile(issuerId, profileId);
  const form = useForm<OfferFormValues>({ initialValues: defaultOfferValues() });
  const [created, setCreated] = useState<OfferResponse>();

  return (
    <>
      <PageHeader
        title="New offer"
        description={
          <>
            Issuer <strong>{issuerId}</strong> · profile <strong>{profile.data?.name ?? profileId}</strong>
          </>
        }
        actions={
          <Group gap="sm">
            {profile.data?.status === 'INACTIVE' && <Badge color="gray">Profile inactive</Badge>}
            <Anchor component={Link} to={`/issuers/${seg(issuerId)}/profiles/${seg(profileId)}/offers/batch`}>
              Batch from a CSV file
            </Anchor>
          </Group>
        }
      />
      <OfferManagerOnly issuerId={issuerId}>
        <QueryState query={profile}>
          {(data) =>
            created ? (
              <OfferResult issuerId={issuerId} offer={created} onAnother={() => setCreated(undefined)} />
            ) : (
              <OfferForm form={form} profile={data} onCreated={setCreated} />
            )
          }
        </QueryState>
      </OfferManagerOnly>
    </>
  );
}
