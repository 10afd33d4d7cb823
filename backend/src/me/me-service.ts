import type { Pool } from 'pg';
import type { TMe, TUpdateUserSettingsBody, TUserSettings } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService, withUser } from '../db/transactions';
import { findSuppressionWriteBack, findUserTimeZone, saveSuppressionWriteBack, saveUserTimeZone } from './user-settings-repository';

export type MeService = ReturnType<typeof createMeService>;

/** Who a token belongs to, as the database sees it under row-level security. */
export function createMeService(pool: Pool) {
  return {
    async getMe(user: AuthenticatedUser): Promise<TMe> {
      const id = await withUser(pool, user.claims, async (db) => {
        const { rows } = await db.query<{ id: string }>('select auth.uid() as id');
        return rows[0]?.id;
      });
      // withUser sets the claims; a missing uid here means row-level security would see nobody.
      if (!id) throw new Error('auth.uid() is not set inside withUser');
      return { id, email: user.email ?? null };
    },

    async getSettings(user: AuthenticatedUser): Promise<TUserSettings> {
      return withUser(pool, user.claims, async (db) => ({
        timeZone: await findUserTimeZone(db, user.id),
        suppressionWriteBack: await findSuppressionWriteBack(db, user.id),
      }));
    },

    /** The user reads their settings under RLS; the writes are the server's, after the contract checked them. */
    async updateSettings(user: AuthenticatedUser, changes: TUpdateUserSettingsBody): Promise<TUserSettings> {
      if (changes.timeZone !== undefined) {
        const timeZone = changes.timeZone;
        await withService(pool, (db) => saveUserTimeZone(db, user.id, timeZone));
      }
      if (changes.suppressionWriteBack !== undefined) {
        const isOn = changes.suppressionWriteBack;
        await withService(pool, (db) => saveSuppressionWriteBack(db, user.id, isOn));
      }
      return this.getSettings(user);
    },
  };
}
