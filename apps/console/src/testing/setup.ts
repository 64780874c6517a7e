import { notifications } from '@mantine/notifications';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { clearCredentialSource } from '../api/client';
import { forgetOpenApiDocument } from '../api/openapi-schemas';

// The console loads its JSON editor lazily (a separate chunk); forms under test get it at once, as if already loaded.
vi.mock('../components/JsonEditor', async () => {
  const editor = await import('../components/JsonCodeEditor');
  return { JsonEditor: editor.default };
});

// What Mantine needs from a browser that happy-dom does not provide.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
window.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
// Mantine's autosize textareas wait for the fonts.
if (!('fonts' in document))
  Object.defineProperty(document, 'fonts', { value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {} } });
window.HTMLElement.prototype.scrollIntoView ??= function scrollIntoView() {};

// The test files share one module registry and one window (vite.config.mts: isolate false, twice as fast): what a
// test leaves behind there is cleared for the next, as fresh modules would be. Mantine keeps its notifications in a
// module-wide store (a toast of one test must not be found by the next); fetch is stubbed per test (fake-api.ts); the
// API client keeps the signed-in credential source and the OpenAPI document it loaded in module variables.
afterEach(() => {
  cleanup();
  notifications.clean();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
  localStorage.clear();
  clearCredentialSource();
  forgetOpenApiDocument();
});
