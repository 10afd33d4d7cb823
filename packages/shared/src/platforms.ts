import { z } from 'zod';

/** The CRMs a user can connect. Adding Salesforce starts here. */
export const PLATFORMS = ['hubspot', 'zoho'] as const;
export const ZPlatform = z.enum(PLATFORMS);
export type TPlatform = z.infer<typeof ZPlatform>;
