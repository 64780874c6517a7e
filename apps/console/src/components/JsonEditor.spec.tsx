import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';

// The real lazy wrapper (the test setup replaces it with the editor itself for every other test).
const { JsonEditor } = await vi.importActual<typeof import('./JsonEditor')>('./JsonEditor');
import { renderElement } from '../testing/render';

describe('JsonEditor', () => {
  it('loads the editor on first use, gives the editable area the label, and loads the schema support', async () => {
    renderElement(
      <JsonEditor
        label="Credential data"
        value='{"a":1}'
        onChange={() => undefined}
        schema={{ type: 'object', properties: { a: { type: 'number' } } }}
      />,
    );
    const area = await screen.findByRole('textbox', { name: 'Credential data' });
    expect(area.textContent).toContain('"a":1');
  });
});
