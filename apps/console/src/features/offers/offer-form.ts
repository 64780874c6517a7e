import { ApiError } from '../../api/api-error';
import {
  MAX_EXPIRES_IN_SECONDS,
  SESSION_ID_PATTERN,
  type AuthMethod,
  type OfferRequest,
  type TxCode,
  type TxInputMode,
  type ValueMode,
} from './types';

/**
 * The offer form's values. Field names follow the API's body paths (`txCode.length`, `txCodeValue`, `sessionId`), so
 * its field errors land on the fields; the two JSON editors hold text until the offer is sent.
 */
export type OfferFormValues = {
  authMethod: AuthMethod;
  valueMode: ValueMode;
  /** '' = the issuer's default (only for AUTHORIZED offers). */
  issuerStateMode: '' | 'INCLUDE' | 'OMIT';
  expiresInSeconds: number | string;
  neverExpires: boolean;
  txCodeEnabled: boolean;
  txCode: { input_mode: TxInputMode; length: number | string; description: string };
  txCodeValue: string;
  /** JSON text: deep-merged into the profile's credentialData. */
  credentialData: string;
  /** JSON text: any other profile field the offer replaces. */
  otherOverrides: string;
  sessionId: string;
};

export const defaultOfferValues = (): OfferFormValues => ({
  authMethod: 'PRE_AUTHORIZED',
  valueMode: 'BY_REFERENCE',
  issuerStateMode: '',
  expiresInSeconds: 300,
  neverExpires: false,
  txCodeEnabled: true,
  txCode: { input_mode: 'numeric', length: 6, description: '' },
  txCodeValue: '',
  credentialData: '{}',
  otherOverrides: '{}',
  sessionId: '',
});

const isBlank = (value: number | string) => value === '' || value === undefined || value === null;

/** A JSON object from an editor's text, or the reason it is not one. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Must be a JSON object ({ … })' };
  return { value: value as Record<string, unknown> };
}

/** The offer settings' rules that the API checks too, so most mistakes show before anything is sent. */
export function validateSettings(values: OfferFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.neverExpires) {
    const seconds = Number(values.expiresInSeconds);
    if (isBlank(values.expiresInSeconds) || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_IN_SECONDS)
      errors.expiresInSeconds = `Whole seconds from 1 to ${MAX_EXPIRES_IN_SECONDS} (one year), or choose "Never expires"`;
  }
  if (values.authMethod === 'PRE_AUTHORIZED' && values.txCodeEnabled) {
    const length = values.txCode.length;
    if (!isBlank(length) && (!Number.isInteger(Number(length)) || Number(length) < 1 || Number(length) > 32))
      errors['txCode.length'] = 'From 1 to 32 characters, or empty';
    if (values.txCode.description.length > 300) errors['txCode.description'] = 'At most 300 characters';
  }
  return errors;
}

/** A fixed transaction code must match the tx_code the wallet is told about (as the API checks). */
export function txCodeValueError(value: string, txCode: OfferFormValues['txCode']): string | undefined {
  if (value === '') return undefined;
  if (value.length > 32) return 'At most 32 characters';
  if (txCode.input_mode === 'numeric' && !/^\d+$/.test(value)) return 'Digits only (input mode numeric)';
  if (!isBlank(txCode.length) && value.length !== Number(txCode.length)) return `Must have ${txCode.length} characters (the length above)`;
  return undefined;
}

export function validateOfferForm(values: OfferFormValues): Record<string, string> {
  const errors = validateSettings(values);
  if (values.authMethod === 'PRE_AUTHORIZED' && values.txCodeEnabled) {
    const error = txCodeValueError(values.txCodeValue, values.txCode);
    if (error) errors.txCodeValue = error;
  }
  if (values.sessionId !== '' && !SESSION_ID_PATTERN.test(values.sessionId))
    errors.sessionId = '1–128 characters: letters, digits, "_" and "-"';
  const data = parseJsonObject(values.credentialData);
  if ('error' in data) errors.credentialData = data.error;
  const other = parseJsonObject(values.otherOverrides);
  if ('error' in other) errors.otherOverrides = other.error;
  else if ('credentialData' in other.value) errors.otherOverrides = 'Put credentialData in the credential data editor above';
  return errors;
}

/** The tx_code object the wallet is shown, from the form (only what was filled in). */
function txCodeOf(values: OfferFormValues): TxCode {
  const { input_mode, length, description } = values.txCode;
  return {
    input_mode,
    ...(isBlank(length) ? {} : { length: Number(length) }),
    ...(description.trim() ? { description: description.trim() } : {}),
  };
}

/** The settings part of a request body: what a single offer and every row of a batch share. */
export function settingsToRequest(values: OfferFormValues): OfferRequest {
  const preAuthorized = values.authMethod === 'PRE_AUTHORIZED';
  return {
    authMethod: values.authMethod,
    valueMode: values.valueMode,
    expiresInSeconds: values.neverExpires ? -1 : Number(values.expiresInSeconds),
    ...(!preAuthorized && values.issuerStateMode ? { issuerStateMode: values.issuerStateMode } : {}),
    ...(preAuthorized && values.txCodeEnabled ? { txCode: txCodeOf(values) } : {}),
  };
}

/** The body of `POST .../offers`; call after validateOfferForm found nothing. */
export function toOfferRequest(values: OfferFormValues): OfferRequest {
  const request = settingsToRequest(values);
  if (request.txCode && values.txCodeValue !== '') request.txCodeValue = values.txCodeValue;
  const data = parseJsonObject(values.credentialData);
  const other = parseJsonObject(values.otherOverrides);
  const overrides = {
    ...('value' in other ? other.value : {}),
    ...('value' in data && Object.keys(data.value).length > 0 ? { credentialData: data.value } : {}),
  };
  if (Object.keys(overrides).length > 0) request.runtimeOverrides = overrides;
  if (values.sessionId !== '') request.sessionId = values.sessionId;
  return request;
}

/**
 * Where an API error path of an offer body shows in the form: the overrides' paths at their editor (the message
 * names the path inside it), `txCode` itself at the tx_code switch, the rest at the field of the same name.
 */
export function offerFormPath(path: string): { field: string; inner?: string } {
  const [head, ...rest] = path.split('.');
  if (head === 'runtimeOverrides') {
    if (rest[0] === 'credentialData') return { field: 'credentialData', inner: rest.slice(1).join('.') || undefined };
    return { field: 'otherOverrides', inner: rest.join('.') || undefined };
  }
  if (path === 'txCode') return { field: 'txCodeEnabled' };
  return { field: path };
}

/** The API's refusal with its paths moved to the offer form's fields (see offerFormPath), for applyApiError. */
export function toOfferFormError(error: unknown, prefix = ''): unknown {
  if (!(error instanceof ApiError)) return error;
  const errors = error.errors.map(({ path, message }) => {
    const relative = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    if (prefix && relative === path) return { path, message };
    const { field, inner } = offerFormPath(relative);
    return { path: field, message: inner ? `${inner}: ${message}` : message };
  });
  return new ApiError(error.status, error.title, error.detail, errors);
}
