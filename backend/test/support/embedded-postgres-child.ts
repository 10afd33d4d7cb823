// Run as a separate process by the launcher tests: starts the embedded server on the data
// directory given as argv[2], prints its connection string, and waits to be killed.
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-postgres-child.ts <dataDir>');
const server = await startEmbeddedPostgres({ dataDir });
process.stdout.write(`${server.connectionString}\n`);
setInterval(() => {}, 60_000);
