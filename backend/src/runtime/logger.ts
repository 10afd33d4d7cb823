import { pino, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line: credentials must never reach the
 * logs, even when someone logs a whole request or a provider's token response.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.client_secret',
  '*.clientSecret',
  '*.token',
  '*.secret',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino({ level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, options.destination);
}
