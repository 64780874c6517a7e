import type { UseFormReturnType } from '@mantine/form';
import type { IssuerConfig } from './types';

/**
 * The issuer editor's form (IssuerEditor.tsx, useFormJsonSync): its values are the IssuerConfig itself, so the API's
 * error paths such as `display.0.name` are the form's field paths.
 */
export type IssuerForm = UseFormReturnType<IssuerConfig>;
