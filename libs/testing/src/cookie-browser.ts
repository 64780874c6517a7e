interface StoredCookie {
  host: string;
  path: string;
  name: string;
  value: string;
}

/** Just enough of a browser: a cookie jar by host and path, every request with `redirect: 'manual'`. */
export class CookieBrowser {
  readonly visited: string[] = [];
  private cookies: StoredCookie[] = [];

  constructor(private readonly headers: Record<string, string>) {}

  async go(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const target = new URL(url);
    if (!/^https?:$/.test(target.protocol)) throw new Error(`the browser cannot load ${url}`);
    this.visited.push(`${init.method ?? 'GET'} ${url}`);
    const cookie = this.cookies
      .filter((c) => c.host === target.host && (target.pathname === c.path || target.pathname.startsWith(c.path.replace(/\/?$/, '/'))))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...this.headers, ...init.headers, ...(cookie ? { cookie } : {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const header of response.headers.getSetCookie()) this.store(target, header);
    return response;
  }

  private store(from: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
    const at = pair.indexOf('=');
    if (at <= 0) return;
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute('path') ?? from.pathname.replace(/\/[^/]*$/, '') ?? '/';
    const expires = attribute('expires');
    const maxAge = attribute('max-age');
    const expired = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
    this.cookies = this.cookies.filter((c) => !(c.host === from.host && c.path === path && c.name === name));
    if (!expired) this.cookies.push({ host: from.host, path: path || '/', name, value });
  }
}
