// Runs extractArticle (extract.ts) in a worker thread, so that a big page's parsing never holds up
// the bot's event loop. Plain JavaScript because Node 20 workers do not inherit `--import tsx`:
// this file registers tsx itself before loading the TypeScript module. See extract-off-thread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractArticle } = await import('./extract.ts');
try {
  parentPort?.postMessage({ ok: true, article: extractArticle(workerData.html, workerData.url, workerData.furniture) });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
