import { Badge } from '@mantine/core';

/** ACTIVE profiles make offers; INACTIVE ones (deactivated) keep serving the offers made before. */
export function ProfileStatusBadge({ status }: { status: 'ACTIVE' | 'INACTIVE' }) {
  return (
    // min-width: a badge clips its label, and a narrow table column would squeeze it to "AC…".
    <Badge color={status === 'ACTIVE' ? 'green' : 'gray'} variant="light" style={{ minWidth: 'max-content' }}>
      {status}
    </Badge>
  );
}
