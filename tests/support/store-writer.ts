/**
 * A second process writing to a store, for the contract suite's concurrent-writer cases:
 * `node --import tsx tests/support/store-writer.ts '<json>'` with
 * `{ databaseUrl?, dataDir, guildId, channels: string[] }`. Adds every channel (all writes in flight
 * at once), prints one JSON line `{ added }`, and exits.
 */
import { openStore } from '../../src/store/index.ts';

interface Job {
  databaseUrl?: string;
  dataDir: string;
  guildId: string;
  channels: string[];
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const store = await openStore({ databaseUrl: job.databaseUrl, dataDir: job.dataDir });
const results = await Promise.all(job.channels.map((channelId) => store.addChannel(job.guildId, channelId, false)));
await store.close();
process.stdout.write(`${JSON.stringify({ added: results.filter(Boolean).length })}\n`);
