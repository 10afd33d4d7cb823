import QueryStream from 'pg-query-stream';

/**
 * A server-side cursor as a Readable (pg-query-stream) that can also end once its connection is
 * gone. pg-query-stream destroys by closing the portal and waiting for Postgres to confirm, which
 * a dead connection never does: the stream, its pipeline and the transaction holding the pool's
 * client would wait for ever. Told of the loss (the client's `error` event, which pg emits before
 * it fails the cursor), it is destroyed at once instead.
 */
export class CursorStream extends QueryStream {
  private isConnectionLost = false;

  /** The connection is gone: end the stream with `error`, closing nothing. */
  abandon(error: Error): void {
    this.isConnectionLost = true;
    this.destroy(error);
  }

  override _destroy(error: Error, callback: (error?: Error | null) => void): void {
    if (this.isConnectionLost) callback(error);
    else super._destroy(error, callback);
  }
}
