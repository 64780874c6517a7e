import type { z } from 'zod';

/** An OpenAPI 3.1 parameter object, for what a handler reads outside a SchemaPipe (a guard's `?token=`, a header). */
export interface ParameterDoc {
  name: string;
  in: 'query' | 'header';
  description: string;
  schema: Record<string, unknown>;
}

/**
 * The prose of one operation. Paths, path parameters, request bodies, query parameters and success statuses are not
 * here: the document takes them from the route itself (route-catalog.ts), so they cannot disagree with what is served.
 */
export interface OperationDoc {
  tag: string;
  summary: string;
  description?: string;
  /** The name of the `*` path parameter of a wildcard route. */
  wildcard?: string;
  /** The success response body, where the code has a schema for it. */
  response?: z.ZodType;
  parameters?: ParameterDoc[];
  /** Wallet endpoints: the media type of a body defined by the protocol (OID4VCI, RFC 6749), not by a schema here. */
  protocolBody?: 'application/json' | 'application/x-www-form-urlencoded';
}

/** Operation docs keyed `'<METHOD> <route>'` as Fastify knows the route, the key of access/admin-permissions.ts too. */
export type OperationDocs = Readonly<Record<string, OperationDoc>>;
