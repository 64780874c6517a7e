import { useState } from 'react';
import { Badge } from '@mantine/core';

/** "expired" next to a validity end that has passed (checked once, when shown). */
export function ExpiryBadge({ notAfter }: { notAfter: string }) {
  const [now] = useState(() => Date.now());
  if (Date.parse(notAfter) >= now) return null;
  return (
    <Badge color="red" variant="light" size="sm">
      expired
    </Badge>
  );
}
