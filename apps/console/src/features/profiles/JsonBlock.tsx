import { Code, ScrollArea } from '@mantine/core';

/** JSON shown read-only, scrolling rather than stretching the page. */
export function JsonBlock({ value, maxHeight = 360, label }: { value: unknown; maxHeight?: number; label?: string }) {
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Code block aria-label={label}>
        {JSON.stringify(value, null, 2)}
      </Code>
    </ScrollArea.Autosize>
  );
}
