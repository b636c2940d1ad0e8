// The calculator's service worker: after the first visit, the whole built site is kept in the
// browser's cache, so the calculator works with the network cut. This is the template:
// scripts/sw.mjs writes it into the built site as sw.js, with VERSION (a hash of every file of
// the build) and FILES (every file, relative to this one) filled in. A new build has a new
// VERSION, so the browser installs the new worker, which caches the new files, waits until the
// person chooses to reload, then drops the old.
//
// Its scope is the folder it is served from, so the site works offline from any folder of any
// host. It only ever answers GET requests for files under that folder; nothing else passes
// through it, and it never stores anything a person enters.
const VERSION = '__VERSION__';
const FILES = __FILES__;

const SCOPE = new URL('./', self.location.href).href;
const SCOPE_PATH = new URL(SCOPE).pathname;
// One cache per folder and version: two copies of the site on one host never clash.
const PREFIX = `kent-sen-funding ${SCOPE_PATH} `;
const CACHE = `${PREFIX}${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload`: straight from the server, not from the HTTP cache.
    await cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE).href, { cache: 'reload' })));
    // The first worker takes over at once. A new build's worker waits beside the old one until
    // the person chooses "Reload" in the app's notice (the page then posts 'skip-waiting'), so
    // an open tab never mixes the files of two builds.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

/** The page and the rate cards: the network first (they can change without a new build), else the cache. */
async function networkFirst(request, key) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(new URL(key, SCOPE).href, { ignoreSearch: true });
    if (hit) return hit;
    throw error;
  }
}

/** Files whose names carry a hash of their content: the cache first. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  // Not every file is fetched at install (another route's entry and rest, scripts/sw.mjs):
  // kept once fetched, so that what a visit used is there offline.
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE_PATH)) return;
  const path = url.pathname.slice(SCOPE_PATH.length);
  if (request.mode === 'navigate' || path === '' || path === 'index.html') {
    event.respondWith(networkFirst(request, 'index.html'));
  } else if (path.startsWith('ratecards/')) {
    event.respondWith(networkFirst(request, path));
  } else {
    event.respondWith(cacheFirst(request));
  }
});
