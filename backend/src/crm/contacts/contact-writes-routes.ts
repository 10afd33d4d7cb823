import express, { type Request, type Response, type Router } from 'express';
import { IDEMPOTENCY_KEY_HEADER, ZCreateContactsEnvelope, ZIdempotencyKey, ZPlatformParams } from '@voiceagent/shared';
import { getUser } from '../../auth/require-user';
import { AppError } from '../../http/app-error';
import { parseInput } from '../../http/validate';
import { createContactWritesService, type ContactWritesDeps, type WriteResponse } from './contact-writes-service';
import { hashRequest, type IdempotencyClaim } from './idempotency';
import { readBatchItems, ZNewContactInput } from './new-contact-input';

/**
 * POST /crm/:platform/contacts (201 with the contact) and POST /crm/:platform/contacts/batch
 * (200 with a result per item). Both honour an Idempotency-Key header.
 */
export function createContactWritesRouter(deps: ContactWritesDeps): Router {
  const service = createContactWritesService(deps);
  const router = express.Router();

  router.post('/crm/:platform/contacts', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const claim = readIdempotencyClaim(req, `POST /crm/${platform}/contacts`);
    const input = parseInput(ZNewContactInput, req.body, 'body');
    send(res, await service.createContact(getUser(req), platform, input, claim));
  });

  router.post('/crm/:platform/contacts/batch', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const claim = readIdempotencyClaim(req, `POST /crm/${platform}/contacts/batch`);
    const { contacts } = parseInput(ZCreateContactsEnvelope, req.body, 'body');
    send(res, await service.createContacts(getUser(req), platform, readBatchItems(contacts), claim));
  });

  return router;
}

/** The Idempotency-Key header, bound to this operation and body; null without the header. */
function readIdempotencyClaim(req: Request, operation: string): IdempotencyClaim | null {
  const value = req.get(IDEMPOTENCY_KEY_HEADER);
  if (value === undefined) return null;
  const parsed = ZIdempotencyKey.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'invalid';
    throw new AppError('validation_failed', `Invalid header: ${IDEMPOTENCY_KEY_HEADER}`, { issues: [{ field: IDEMPOTENCY_KEY_HEADER, message }] });
  }
  return { key: parsed.data, requestHash: hashRequest(operation, req.body) };
}

function send(res: Response, response: WriteResponse): void {
  // As Stripe does: a client can tell a replay from the first answer.
  if (response.isReplay) res.setHeader('Idempotent-Replayed', 'true');
  res.status(response.status).json(response.body);
}
