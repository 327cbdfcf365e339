// A tiny static HTTP server on localhost for the demo and the browser tests.
// Every path is served twice: under /isolated/ with the headers that make a page
// cross-origin isolated (SharedArrayBuffer, shared Wasm memory), and under /plain/
// without them. `files` maps a path (e.g. '/index.html') to a file on disk or to
// in-memory content.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Starts the server on 127.0.0.1 (port 0 = any free port).
 * @param {{ files: Record<string, { path?: string, body?: string | Uint8Array }>, port?: number }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} url without a trailing slash
 */
export async function startStaticServer({ files, port = 0 }) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/(isolated|plain)(\/.*)$/.exec(url.pathname);
    if (url.pathname === '/' || url.pathname === '/isolated' || url.pathname === '/plain') {
      res.writeHead(302, { Location: url.pathname === '/plain' ? '/plain/' : '/isolated/' }).end();
      return;
    }
    const path = match ? (match[2] === '/' ? '/index.html' : match[2]) : null;
    const file = path ? files[path] : undefined;
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const body = file.body ?? (await readFile(file.path));
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...(match[1] === 'isolated' ? ISOLATION_HEADERS : {}),
      });
      res.end(body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
