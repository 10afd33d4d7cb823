import { z } from 'zod';
import { decodeCursor, encodeCursor, ZCursorInstant, ZCursorText } from '../http/keyset-cursor';

/** After the last campaign of a page: its created_at exactly as Postgres wrote it (UTC, microseconds), and its id. */
export type CampaignCursor = { createdAt: string; id: string };
/** After the last contact of a page of a campaign: its name key and id. */
export type CampaignContactCursor = { name: string; id: string };

const CURSOR_VERSION = 1;
const ZCampaignCursorPayload = z.strictObject({ v: z.literal(CURSOR_VERSION), c: z.tuple([ZCursorInstant, z.uuid()]) });
const ZContactCursorPayload = z.strictObject({ v: z.literal(CURSOR_VERSION), k: z.tuple([ZCursorText, z.uuid()]) });

export function encodeCampaignCursor(cursor: CampaignCursor): string {
  return encodeCursor({ v: CURSOR_VERSION, c: [cursor.createdAt, cursor.id] });
}

export function decodeCampaignCursor(value: string): CampaignCursor {
  const [createdAt, id] = decodeCursor(ZCampaignCursorPayload, value).c;
  return { createdAt, id };
}

export function encodeCampaignContactCursor(cursor: CampaignContactCursor): string {
  return encodeCursor({ v: CURSOR_VERSION, k: [cursor.name, cursor.id] });
}

export function decodeCampaignContactCursor(value: string): CampaignContactCursor {
  const [name, id] = decodeCursor(ZContactCursorPayload, value).k;
  return { name, id };
}
