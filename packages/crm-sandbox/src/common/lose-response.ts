import type { NextFunction, Request, Response } from 'express';

/**
 * The 'lose-response' fault of both sandboxes: the request is served (a create is made), then
 * the connection drops where the answer would start, as when a network fails on the way back.
 */
export function loseResponse(req: Request, res: Response, next: NextFunction): void {
  res.writeHead = (() => {
    req.socket.destroy();
    return res;
  }) as Response['writeHead'];
  next();
}
