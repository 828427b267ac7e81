/**
 * extractArticle on a worker thread. Parsing a page is synchronous and grows with the page: a
 * 4.6 MB page took 9.8 s on this project's 2-core machine, all of it time in which no server got
 * an answer. In a worker, the bot's own thread stays free; the worker is ended after its one page,
 * or when it runs past the deadline.
 */
import { Worker } from 'node:worker_threads';
import { extractArticle, type ExtractedArticle } from './extract.js';

/** Reading one page may take this long, on top of the fetch's own 10 s. */
export const EXTRACT_TIMEOUT_MS = 30_000;

export class ExtractTimeout extends Error {
  override readonly name = 'ExtractTimeout';
}

type WorkerReply = { ok: true; article: ExtractedArticle } | { ok: false; message: string };

export function extractOffThread(
  html: string,
  url: string,
  furniture: readonly string[],
  timeoutMs = EXTRACT_TIMEOUT_MS,
): Promise<ExtractedArticle> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./extract-worker.mjs', import.meta.url), {
        workerData: { html, url, furniture: [...furniture] },
        resourceLimits: { maxOldGenerationSizeMb: 512 },
      });
    } catch {
      // No worker threads here: do it in this thread rather than not at all.
      resolve(extractArticle(html, url, furniture));
      return;
    }
    let done = false;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      return true;
    };
    const timer = setTimeout(() => {
      if (finish()) reject(new ExtractTimeout(`reading the page took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    worker.once('message', (reply: WorkerReply) => {
      if (!finish()) return;
      if (reply.ok) resolve(reply.article);
      else reject(new Error(reply.message));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (!finish()) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(error);
        return;
      }
      // The worker could not load (a runner without tsx's loader, such as the unit tests' own):
      // the same function, in this thread.
      try {
        resolve(extractArticle(html, url, furniture));
      } catch (inThread) {
        reject(inThread instanceof Error ? inThread : new Error(String(inThread)));
      }
    });
    worker.once('exit', (code) => {
      if (finish()) reject(new Error(`the page reader stopped (exit code ${code})`));
    });
  });
}
