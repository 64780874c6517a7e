import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { keyGetRequestSchema, type KeyGetRequest } from './key-get.contract';
import type { KeyDto } from './key.types';

/** Stops a key from signing (its public part stays readable). Idempotent: disabling a disabled key is a no-op. */
export const KeyDisable = defineContract<KeyGetRequest, KeyDto>(Subjects.KmsKeyDisable, keyGetRequestSchema);

/** Lets a disabled key sign again. Idempotent. */
export const KeyEnable = defineContract<KeyGetRequest, KeyDto>(Subjects.KmsKeyEnable, keyGetRequestSchema);
