import { Anchor } from '@mantine/core';
import { Link } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';

export function NotFoundPage() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Anchor component={Link} to="/">
          Back to the dashboard
        </Anchor>
      }
    >
      This page does not exist, or what it showed was deleted.
    </EmptyState>
  );
}
