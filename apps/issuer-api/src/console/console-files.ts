import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

/**
 * The built console on disk: index.html and the content-hashed files under assets/. Hashed assets never change under
 * a name, so each is read once and kept; only names of the build's own form are looked up (no path from a request
 * reaches the file system unchecked).
 */
export class ConsoleFiles {
  private readonly assets = new Map<string, Promise<ConsoleAsset | undefined>>();
  private index?: { mtimeMs: number; html: string };

  constructor(private readonly directory: string) {}

  /** index.html, read again when a rebuild replaced it (a stat per page load; the page is a few hundred bytes). */
  async indexHtml(): Promise<string | undefined> {
    const path = join(this.directory, 'index.html');
    try {
      const { mtimeMs } = await stat(path);
      if (this.index?.mtimeMs !== mtimeMs) this.index = { mtimeMs, html: await readFile(path, 'utf8') };
      return this.index.html;
    } catch {
      return undefined; // not built yet
    }
  }

  /** `name` as in /console/assets/<name>; undefined when it is not a file of the build. */
  asset(name: string): Promise<ConsoleAsset | undefined> {
    if (!/^[\w.-]{1,200}$/.test(name) || name.startsWith('.') || !CONTENT_TYPES[extname(name)]) return Promise.resolve(undefined);
    let found = this.assets.get(name);
    if (!found) {
      found = this.read(name);
      this.assets.set(name, found);
      found.then((asset) => asset || this.assets.delete(name)).catch(() => this.assets.delete(name));
    }
    return found;
  }

  private async read(name: string): Promise<ConsoleAsset | undefined> {
    try {
      const base = await realpath(join(this.directory, 'assets'));
      const path = await realpath(join(base, name));
      if (!path.startsWith(base + sep)) return undefined;
      return { body: await readFile(path), contentType: CONTENT_TYPES[extname(name)]! };
    } catch {
      return undefined;
    }
  }
}
