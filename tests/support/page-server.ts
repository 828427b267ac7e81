/**
 * A small web server on 127.0.0.1 for tests that add articles by URL: fixed routes serving saved
 * pages, redirects, wrong content types and oversized bodies. It records every request it gets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sends the body in chunks without a Content-Length (so only reading it reveals its size). */
  chunked?: boolean;
  /** Waits this long before answering. */
  delayMs?: number;
}

export class PageServer {
  readonly requests: { path: string; host: string | undefined; at: number }[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private readonly routes: Map<string, PageRoute | ((server: PageServer) => PageRoute)>,
  ) {}

  static async start(): Promise<PageServer> {
    const routes = new Map<string, PageRoute | ((server: PageServer) => PageRoute)>();
    const holder: { self?: PageServer } = {};
    const server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      const self = holder.self;
      self?.requests.push({ path, host: req.headers.host, at: Date.now() });
      const found = routes.get(path.split('?')[0]!);
      const route = typeof found === 'function' ? found(self!) : found;
      if (route === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const send = (): void => {
        const body =
          route.body === undefined
            ? Buffer.alloc(0)
            : Buffer.isBuffer(route.body)
              ? route.body
              : Buffer.from(route.body, 'utf8');
        if (route.chunked) {
          res.writeHead(route.status ?? 200, route.headers ?? {});
          for (let i = 0; i < body.length; i += 16 * 1024) res.write(body.subarray(i, i + 16 * 1024));
          res.end();
        } else {
          res.writeHead(route.status ?? 200, { 'content-length': String(body.length), ...(route.headers ?? {}) });
          res.end(body);
        }
      };
      if (route.delayMs !== undefined) setTimeout(send, route.delayMs).unref();
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new PageServer(server, (server.address() as AddressInfo).port, routes);
    return holder.self;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  route(path: string, route: PageRoute | ((server: PageServer) => PageRoute)): string {
    this.routes.set(path, route);
    return `${this.origin}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
