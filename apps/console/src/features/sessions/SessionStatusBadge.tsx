import { Badge, type BadgeProps } from '@mantine/core';
import type { SessionStatus } from './types';

const COLORS: Record<SessionStatus, string> = {
  ACTIVE: 'blue',
  SUCCESSFUL: 'green',
  UNSUCCESSFUL: 'red',
  REJECTED_BY_USER: 'orange',
  EXPIRED: 'gray',
};

/** A session's status; the text is the API's value (SUCCESSFUL, EXPIRED, …) so it reads the same everywhere. A span: it sits in headings. */
export function SessionStatusBadge({ status, ...props }: { status: SessionStatus } & Omit<BadgeProps, 'children' | 'color'>) {
  return (
    <Badge component="span" color={COLORS[status] ?? 'gray'} variant="light" style={{ minWidth: 'max-content' }} {...props}>
      {status}
    </Badge>
  );
}
