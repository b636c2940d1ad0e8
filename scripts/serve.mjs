#!/usr/bin/env node
// A tiny static file server for the built site, on 127.0.0.1 only.
//
//   node scripts/serve.mjs [--root dist] [--prefix /] [--port 8080]
//
// `--prefix /special-education-needs/funding-calculator/` serves the site from a sub-path,
// as a council web server would; the browser tests do exactly that. Responses are gzipped
// when the browser accepts it. Used as a module by the
// browser tests (`startServer`).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to `{ server, port, origin, baseUrl, close() }`. */
export function startServer({ root = 'dist', prefix = '/', port = 0, host = '127.0.0.1', quiet = true } = {}) {
  const rootDir = resolve(root);
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  if (!prefix.endsWith('/')) prefix = `${prefix}/`;

  const server = createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(body);
      if (!quiet) console.log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    // The folder without its slash: redirect, as static hosts do, so relative URLs work.
    if (`${path}/` === prefix) return send(301, '', { Location: prefix });
    if (!path.startsWith(prefix)) return send(404, 'not found\n');
    let rel = path.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(rootDir, rel));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return send(403, 'forbidden\n');
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'not found\n');
      let body = await readFile(file);
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', Vary: 'Accept-Encoding' };
      // gzip, as a council web server serves text and wasm (level 6, gzip's default).
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && !type.startsWith('image/png')) {
        body = gzipSync(body, { level: 6 });
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      if (!quiet) console.log(`200 ${req.method} ${req.url}`);
    } catch {
      send(404, 'not found\n');
    }
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actualPort = server.address().port;
      const origin = `http://${host}:${actualPort}`;
      resolvePromise({
        server,
        port: actualPort,
        origin,
        baseUrl: `${origin}${prefix}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const { baseUrl } = await startServer({
    root: opt('root', 'dist'),
    prefix: opt('prefix', '/'),
    port: Number(opt('port', '8080')),
    quiet: false,
  });
  console.log(`Serving ${opt('root', 'dist')}/ at ${baseUrl}  (Ctrl+C to stop)`);
}
