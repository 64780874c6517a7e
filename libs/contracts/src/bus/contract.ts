import type { z } from 'zod';

/**
 * A typed request/reply message: the subject, the schema the handler validates the request with, and the
 * response type. Handlers must validate because a payload may come from another version of the sender.
 */
export interface BusContract<Req, Res> {
  readonly subject: string;
  readonly request: z.ZodType<Req>;
  /** Phantom field carrying the response type; never set at run time. */
  readonly response?: Res;
}

export function defineContract<Req, Res>(subject: string, request: z.ZodType<Req>): BusContract<Req, Res> {
  return { subject, request };
}

export type RequestOf<C> = C extends BusContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends BusContract<unknown, infer Res> ? Res : never;
