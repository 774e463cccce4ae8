// The console's typed view of the generated contract (schema.d.ts, from the committed openapi.json): the answer
// and body types of an operation by its path and method, and a thin wrapper over the one client (`request`) that
// fills path parameters. A wrong path, method or body does not compile. See docs/adr/0002-contract-first.md.
import { request, type Query } from './client.ts';
import type { paths } from './schema.d.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R } ? R : never;
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined | never ? never : P }[keyof paths];

/** The JSON body of an operation's success answer (200, 201 or 202). */
export type Ok<P extends keyof paths, M extends Method> = Json<Responses<P, M>[Extract<keyof Responses<P, M>, 200 | 201 | 202>]>;
/** The JSON request body of an operation. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

interface CallOptions<P extends keyof paths, M extends Method> {
  /** Values for the `{name}` segments of the path (encoded here). */
  params?: Record<string, string>;
  query?: Query;
  body?: Body<P, M>;
  signal?: AbortSignal | undefined;
}

/** Calls an operation of the document through the one client; the answer has the operation's type. */
export function call<M extends Method, P extends PathsWith<M>>(method: M, path: P, options: CallOptions<P, M> = {}): Promise<Ok<P, M>> {
  const url = (path as string).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
  return request<Ok<P, M>>(method.toUpperCase() as Uppercase<M>, url, { query: options.query, body: options.body, signal: options.signal });
}
