/**
 * A registry's answer to one HTTP request, as the adapter reads it: the status, headers, and the body
 * read once (bounded) or discarded. Every response must be read or discarded, so its connection goes
 * back to the pool or is closed.
 */
export interface RegistryResponse {
  readonly status: number;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The reason phrase (`Not Found`), empty when the server sent none. */
  readonly statusText: string;
  /** The URL that answered (this hop's, redirects are followed by the transport). */
  readonly url: string;
  /** A header's value (duplicates joined by `, `); `null` when absent. `name` is lower case. */
  header(name: string): string | null;
  /** All headers, lower-case names, for diagnostics. */
  headers(): Readonly<Record<string, string>>;
  /**
   * The whole body, or `undefined` when it is larger than `limit` bytes (announced or counted while
   * reading): then reading stops and the connection is closed.
   *
   * @throws the connection's error, or an Error named `TimeoutError` when the request's time ran out
   */
  read(limit: number): Promise<Uint8Array | undefined>;
  /**
   * Lets go of a body that will not be read: a short or already received one is drained (the
   * connection is kept alive), a long one closes the connection.
   */
  discard(): Promise<void>;
}
