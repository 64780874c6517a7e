import { Badge, Code, Group, ScrollArea, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPoint } from '@tabler/icons-react';
import type { StreamStatus } from './event-stream';
import { eventLabel, formatTime } from './format';
import type { IssuerEvent } from './types';

const STATUS_TEXT: Record<StreamStatus, { label: string; color: string }> = {
  connecting: { label: 'Connecting…', color: 'gray' },
  live: { label: 'Live', color: 'green' },
  reconnecting: { label: 'Reconnecting…', color: 'yellow' },
  failed: { label: 'Not connected', color: 'red' },
};

/** What an event's data says in a few words (the status it set, the credentials it names). */
function summary(event: IssuerEvent): string | undefined {
  const data = event.data ?? {};
  const parts: string[] = [];
  if (typeof data.status === 'string') parts.push(`status ${data.status}`);
  if (typeof data.statusReason === 'string') parts.push(data.statusReason);
  if (data.deferred === true) parts.push('deferred: waiting for the issuer');
  if (typeof data.event === 'string') parts.push(`wallet: ${data.event}`);
  if (Array.isArray(data.credentialIds)) parts.push(`${data.credentialIds.length} credential(s)`);
  if (typeof data.credentialId === 'string') parts.push(`credential ${data.credentialId}`);
  return parts.length ? parts.join(' · ') : undefined;
}

const failed = (event: IssuerEvent) => Boolean(event.error) || event.event.endsWith('_failed');

/** The session's events, oldest first, as they arrive over SSE. */
export function EventTimeline({ events, status }: { events: IssuerEvent[]; status: StreamStatus }) {
  const state = STATUS_TEXT[status];
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Events</Text>
        <Badge color={state.color} variant="dot" data-testid="stream-status">
          {state.label}
        </Badge>
      </Group>
      {events.length === 0 ? (
        <Text c="dimmed" size="sm">
          No events yet. They appear here as the wallet uses the offer.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={640} type="auto">
          <Timeline bulletSize={22} lineWidth={2} active={events.length - 1} aria-label="Session events" data-testid="event-timeline">
            {events.map((event) => {
              const bad = failed(event);
              const details = summary(event);
              return (
                <Timeline.Item
                  key={event.id}
                  data-event={event.event}
                  color={bad ? 'red' : event.event.endsWith('_succeeded') ? 'green' : 'blue'}
                  bullet={
                    <ThemeIcon size={22} radius="xl" color={bad ? 'red' : 'blue'} variant="light">
                      {bad ? (
                        <IconAlertTriangle size={14} />
                      ) : event.event.endsWith('_succeeded') ? (
                        <IconCheck size={14} />
                      ) : (
                        <IconPoint size={14} />
                      )}
                    </ThemeIcon>
                  }
                  title={eventLabel(event.event)}
                >
                  <Text size="xs" c="dimmed">
                    <time dateTime={event.timestamp}>{formatTime(event.timestamp)}</time> · <Code fz="xs">{event.event}</Code>
                  </Text>
                  {details && <Text size="sm">{details}</Text>}
                  {bad && (event.error || event.error_description) && (
                    <Text size="sm" c="red">
                      {event.error}
                      {event.error && event.error_description ? ': ' : ''}
                      {event.error_description}
                    </Text>
                  )}
                  {event.requestId && (
                    <Text size="xs" c="dimmed">
                      request <Code fz="xs">{event.requestId}</Code>
                    </Text>
                  )}
                </Timeline.Item>
              );
            })}
          </Timeline>
        </ScrollArea.Autosize>
      )}
    </>
  );
}
