import type { ChangeEvent } from 'react';
import type { IssuerForm } from './use-issuer-form';

/**
 * Input props for a text member of the issuer body. An emptied optional member is removed rather than sent as
 * `""` (which the API would refuse as too short); a required one keeps `""` so the API names it at its field.
 */
export function textField(form: IssuerForm, path: string, optional = true) {
  const props = form.getInputProps(path);
  return {
    ...props,
    value: (props.value as string | undefined) ?? '',
    onChange: (event: ChangeEvent<HTMLInputElement>) => form.setFieldValue(path, event.currentTarget.value || (optional ? undefined : '')),
  };
}

/**
 * The API's errors for one credential configuration, keyed by the member path inside it (`credential_metadata.display.0.name`;
 * `''` for the configuration itself). Ids may contain dots, so a path belongs to the longest id it starts with.
 */
export function configurationErrors(
  errors: Record<string, unknown>,
  configurationId: string,
  allIds: readonly string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (!path.startsWith('credentialConfigurations.')) continue;
    const rest = path.slice('credentialConfigurations.'.length);
    const owner = allIds
      .filter((id) => rest === id || rest.startsWith(`${id}.`))
      .reduce<string | undefined>((longest, id) => (longest === undefined || id.length > longest.length ? id : longest), undefined);
    if (owner === configurationId) result[rest.slice(owner.length + 1)] = String(message);
  }
  return result;
}
