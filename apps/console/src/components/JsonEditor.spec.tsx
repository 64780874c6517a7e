import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { JsonEditor } from './JsonEditor';
import { renderElement } from '../testing/render';

describe('JsonEditor', () => {
  it('gives the editable area the label, and loads the schema support', async () => {
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
