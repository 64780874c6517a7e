import { Badge } from '@mantine/core';
import type { CredentialStatusValue } from './types';

const COLORS: Record<CredentialStatusValue, string> = { VALID: 'green', SUSPENDED: 'yellow', REVOKED: 'red' };

/**
 * A credential's status list value; a credential issued without a status list has none to change. At least as wide as
 * its text: a table's automatic layout would otherwise squeeze the label to an ellipsis.
 */
export function CredentialStatusBadge({ value }: { value?: CredentialStatusValue }) {
  if (!value)
    return (
      <Badge color="gray" variant="outline" style={{ minWidth: 'max-content' }}>
        no status list
      </Badge>
    );
  return (
    <Badge color={COLORS[value]} variant="light" data-testid="credential-status" style={{ minWidth: 'max-content' }}>
      {value}
    </Badge>
  );
}
