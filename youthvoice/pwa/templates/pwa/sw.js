/* youthvoice service worker. Caches only the app's shell (styles, scripts, icons, the offline page): never a
   page with personal content, so nothing of a young person stays on a shared phone and a logged-out visitor
   is never shown a page that needs log-in. */
"use strict";
const VERSION = "{{ version }}";
const CACHE = "yv-shell-" + VERSION;
const OFFLINE = "/offline";
const SHELL = {{ shell|tojson }}.concat([OFFLINE]);
const ICON = {{ icon|tojson }};
const NOTIFICATIONS = {{ notifications|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("yv-") && name !== CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    // Hashed file names never change: cache first.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })));
    return;
  }
  if (request.mode === "navigate") {
    // Pages always come from the server (they may be personal); only when it cannot be reached, the offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  }
});


// Web Push. The payload only ever says "you have something new" (in the person's language); what is new is on
// the notifications page, behind log-in. One notification at a time: a newer one replaces the older.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "youthvoice";
  const options = { icon: ICON, badge: ICON, tag: "yv-new", renotify: true, data: { url: NOTIFICATIONS } };
  if (typeof data.body === "string") options.body = data.body;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(NOTIFICATIONS, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(target);
      return open.focus().then((client) => (client.url === target ? client : client.navigate(target)))
        .catch(() => self.clients.openWindow(target));
    })
  );
});
