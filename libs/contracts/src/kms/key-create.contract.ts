import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { ALGS_BY_KEY_TYPE, keyTypeSchema, type KeyDto } from './key.types';

export const keyCreateRequestSchema = z
  .object({
    type: keyTypeSchema,
    backend: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(200).optional(),
    /** The JOSE algorithm the key signs with by default (e.g. `PS256` for RSA); one of its type's algorithms. */
    alg: z.string().max(16).optional(),
    backendOptions: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.alg !== undefined && !ALGS_BY_KEY_TYPE[request.type].includes(request.alg)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alg'],
        message: `a ${request.type} key signs with ${ALGS_BY_KEY_TYPE[request.type].join(' or ')}`,
      });
    }
  });
export type KeyCreateRequest = z.infer<typeof keyCreateRequestSchema>;

export const KeyCreate = defineContract<KeyCreateRequest, KeyDto>(Subjects.KmsKeyCreate, keyCreateRequestSchema);
