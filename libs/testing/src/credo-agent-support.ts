// What a Credo agent needs from its platform, for the Credo test holder: Credo 0.6.3's Node implementations are in
// `@credo-ts/node`, which is not published at 0.6.x; the holder needs none of the file system or WebSocket parts.
import { EventEmitter } from 'node:events';
import type { AgentDependencies, FileSystem } from '@credo-ts/core';

/** Node's EventEmitter and fetch; a file system and a WebSocket class that refuse to be used. */
export function credoAgentDependencies(fetchImpl: typeof fetch): AgentDependencies {
  return {
    FileSystem: NoFileSystem,
    EventEmitterClass: EventEmitter,
    fetch: fetchImpl,
    WebSocketClass: NoWebSocket as unknown as AgentDependencies['WebSocketClass'],
  };
}

class NoFileSystem implements FileSystem {
  readonly dataPath = '/nonexistent';
  readonly cachePath = '/nonexistent';
  readonly tempPath = '/nonexistent';
  exists = unavailable;
  createDirectory = unavailable;
  copyFile = unavailable;
  write = unavailable;
  read = unavailable;
  delete = unavailable;
  downloadToFile = unavailable;
}

class NoWebSocket {
  constructor() {
    throw new Error('the Credo test holder has no WebSocket transport');
  }
}

async function unavailable(): Promise<never> {
  throw new Error('the Credo test holder has no file system');
}

/**
 * Credo's errors (make-error classes, and zod or oauth2 errors loaded through require(esm)) print as `{}` in node's
 * test reporter: rethrown as a plain Error whose message carries the cause chain, the original kept as `cause`.
 */
export async function withReadableCredoErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e && messages.length < 5; e = (e as { cause?: unknown }).cause) {
      const { name, message } = e as { name?: string; message?: string };
      messages.push(`${name ?? 'Error'}: ${message ?? String(e)}`);
    }
    throw new Error(`Credo: ${messages.join(' ← ')}`, { cause: error });
  }
}
