import QueryStream from 'pg-query-stream';

type DestroyCallback = (error?: Error | null) => void;

/**
 * A server-side cursor as a Readable (pg-query-stream) that can also end once its connection is
 * gone. pg-query-stream destroys by closing the portal and waiting for Postgres to confirm, which
 * a dead connection never does: the stream, its pipeline and the transaction holding the pool's
 * client would wait for ever. Told of the loss (the client's `error` event), it ends at once,
 * even when a destroy had already begun (Postgres's own FATAL message reaches the cursor as a
 * query error first, and only the closed socket after it tells the client).
 */
export class CursorStream extends QueryStream {
  private isConnectionLost = false;
  private pendingDestroy: DestroyCallback | null = null;

  /** The connection is gone: end the stream with `error`, waiting for nothing. */
  abandon(error: Error): void {
    this.isConnectionLost = true;
    const pending = this.pendingDestroy;
    if (pending) pending(error);
    else this.destroy(error);
  }

  override _destroy(error: Error | null, callback: DestroyCallback): void {
    if (this.isConnectionLost) {
      callback(error);
      return;
    }
    let isDone = false;
    const done: DestroyCallback = (closeError) => {
      if (isDone) return;
      isDone = true;
      this.pendingDestroy = null;
      callback(error ?? closeError);
    };
    this.pendingDestroy = done;
    super._destroy(error as Error, done);
  }
}
