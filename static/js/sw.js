/* chibo's service worker (issue 24): pages a member may read without a connection.
 *
 * Loaded by /sw.js (core.views.service_worker), which sets self.CHIBO first: this release, the
 * addresses it needs, the names of the server's headers (core/offline.py).
 *
 * - The static files every page uses are kept when the worker is installed (one cache per
 *   release), and served from the phone.
 * - A page is asked of the network first. The server alone says what may be kept: a page is kept
 *   only when its answer carries the KEEP header (a member's next meetings, their documents, her
 *   tasks), never a page without it (criticism, supervision, personal records...). A page kept
 *   is shown when the network fails (or is slower than NETWORK_WAIT), marked "as of" the moment
 *   it was kept.
 * - Kept pages belong to one user: when a page of another user, or of nobody (the log-in page),
 *   arrives, every kept page is deleted. The logout deletes everything (Clear-Site-Data).
 * - A kept page is deleted after the committee's number of days, and when the server says, back
 *   online, that she may not keep it any more (a meeting she no longer sees, a document taken off).
 * - A document opened offline is queued as a read receipt, posted when the phone is back online.
 */
"use strict";

var C = self.CHIBO;
var H = C.headers;
var PAGES = "chibo-pages";
var SHELL = "chibo-shell-" + C.release;
var META = "chibo-meta";
var USER_KEY = "/__chibo/user";
var RECEIPT_KEY = "/__chibo/receipt";
var STORED_AT = "X-Chibo-Stored-At";
var STORED_SHELL = "X-Chibo-Shell";
var DAY = 86400000;
// How long a page waits for the network when a kept copy exists, before the copy is shown.
var NETWORK_WAIT = 6000;
// A receipt that could not be posted within this time is dropped.
var RECEIPT_DAYS = 30;
// Pages ask at most this often whether the kept pages may still be kept (and at once when the
// phone comes back online).
var CHECK_EVERY = 5 * 60000;
var lastCheck = 0;
// A kept page was just refused or unmarked: the next sync checks everything kept.
var recheck = false;

function pageKey(address) {
  var url = new URL(address, self.location.origin);
  return url.origin + url.pathname + url.search;
}

function pathOf(address) {
  var url = new URL(address);
  return url.pathname + url.search;
}

// --- installation: the static files of this release -------------------------------------------

self.addEventListener("install", function (event) {
  var requests = C.shell.concat([C.offlineUrl]).map(function (address) {
    return new Request(address, { credentials: "same-origin", cache: "reload" });
  });
  event.waitUntil(
    caches
      .open(SHELL)
      .then(function (cache) {
        return cache.addAll(requests);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    dropOldShells()
      .then(function () {
        return purge(Date.now());
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

// The static files of an older release are kept while a kept page still shows with them.
async function dropOldShells() {
  var used = {};
  var pages = await caches.open(PAGES);
  var keys = await pages.keys();
  for (var i = 0; i < keys.length; i++) {
    var kept = await pages.match(keys[i]);
    if (kept) used["chibo-shell-" + kept.headers.get(STORED_SHELL)] = true;
  }
  var names = await caches.keys();
  await Promise.all(
    names
      .filter(function (name) {
        return name.indexOf("chibo-shell-") === 0 && name !== SHELL && !used[name];
      })
      .map(function (name) {
        return caches.delete(name);
      })
  );
}

// --- who the kept pages belong to ----------------------------------------------------------------

async function currentUser() {
  var meta = await caches.open(META);
  var answer = await meta.match(USER_KEY);
  return answer ? answer.text() : "";
}

// A page of `user` (empty: of nobody) arrived: the pages kept for anyone else are deleted.
async function noteUser(user) {
  var before = await currentUser();
  if (before === user) return;
  await caches.delete(PAGES);
  var meta = await caches.open(META);
  await meta.put(USER_KEY, new Response(user));
}

// A kept page may still be shown: it is the current user's, and younger than its days.
function stillKept(kept, user, now) {
  if (!kept || !user || kept.headers.get(H.user) !== user) return false;
  var storedAt = Number(kept.headers.get(STORED_AT) || 0);
  var days = Number(kept.headers.get(H.keep) || 0);
  return storedAt + days * DAY > now;
}

// The kept copy of `key` for the current user, if it is still to be kept.
async function keptCopy(key) {
  var pages = await caches.open(PAGES);
  var kept = await pages.match(key);
  if (!kept) return null;
  if (!stillKept(kept, await currentUser(), Date.now())) {
    await pages.delete(key);
    return null;
  }
  return kept;
}

// Deletes the kept pages that are not the current user's or are older than their days (at `now`);
// returns those left, as [request, response] pairs.
async function purge(now) {
  var pages = await caches.open(PAGES);
  var user = await currentUser();
  var keys = await pages.keys();
  var left = [];
  for (var i = 0; i < keys.length; i++) {
    var kept = await pages.match(keys[i]);
    if (stillKept(kept, user, now)) left.push([keys[i], kept]);
    else await pages.delete(keys[i]);
  }
  return left;
}

// --- what an answer of the network teaches -------------------------------------------------------

// Who an answer of the app is for: her key, "" for nobody logged in; null for an answer that is
// not the app's (a proxy's error page while the app is down), which changes nothing.
function userOf(response) {
  var user = response.headers.get(H.user);
  if (user === null) return null;
  return user === C.anonymous ? "" : user;
}

async function learn(request, response, navigation) {
  // A redirect: the browser asks for its target next, and learns from that.
  if (response.type === "opaqueredirect") return;
  var user = userOf(response);
  if (user === null) return;
  if (navigation) await noteUser(user);
  var key = pageKey(request.url);
  var pages = await caches.open(PAGES);
  if (response.status === 200 && user && response.headers.get(H.keep) && !response.redirected) {
    if (user !== (await currentUser())) return;
    var headers = new Headers(response.headers);
    headers.set(STORED_AT, String(Date.now()));
    headers.set(STORED_SHELL, C.release);
    var body = await response.blob();
    await pages.put(key, new Response(body, { status: 200, headers: headers }));
  } else if (response.status === 200 || response.status === 403 || response.status === 404) {
    // Shown without the mark (or refused): no longer to be kept — and what was kept with it
    // (its documents) is checked at the page's next sync.
    if (await pages.delete(key)) recheck = true;
  }
}

// --- answering the page's requests ---------------------------------------------------------------

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (request.mode === "navigate") {
      // A form sent with no connection: say so, instead of the browser's error page.
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (url.pathname.indexOf(C.staticUrl) === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
  // Anything else (htmx fragments, the checks below): the network, untouched.
});

async function staticFile(request) {
  var shell = await caches.open(SHELL);
  var kept =
    (await shell.match(request, { ignoreSearch: true })) ||
    (await caches.match(request, { ignoreSearch: true }));
  if (kept) return kept;
  var response = await fetch(request);
  if (response.ok) await shell.put(request, response.clone());
  return response;
}

function wait(ms) {
  return new Promise(function (resolve, reject) {
    setTimeout(function () {
      reject(new Error("timeout"));
    }, ms);
  });
}

async function page(event) {
  var request = event.request;
  var key = pageKey(request.url);
  var kept = await keptCopy(key);
  var network = fetch(request).then(async function (response) {
    await learn(request, response.clone(), true);
    return response;
  });
  if (!kept) {
    try {
      return await network;
    } catch (error) {
      return offlinePage();
    }
  }
  try {
    var answer = await Promise.race([network, wait(NETWORK_WAIT)]);
    // The app is down (a proxy's "bad gateway"): the kept copy is worth more.
    return answer.status >= 500 ? served(kept) : answer;
  } catch (error) {
    // No network (or too slow): the kept copy; the network may still bring a newer one.
    event.waitUntil(
      network.catch(function () {
        return null;
      })
    );
    return served(kept);
  }
}

// A kept copy, as shown offline: a page says "as of" when; a document opened is a read receipt.
async function served(kept) {
  var receipt = kept.headers.get(H.receipt);
  if (receipt) await queueReceipt(receipt, kept.headers.get(H.user));
  var type = kept.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") !== 0) return kept;
  var text = await kept.text();
  text = text.replace(
    'data-chibo-stored-at=""',
    'data-chibo-stored-at="' + kept.headers.get(STORED_AT) + '"'
  );
  return new Response(text, { status: 200, headers: kept.headers });
}

async function offlinePage() {
  var shell = await caches.open(SHELL);
  var answer = (await shell.match(C.offlineUrl)) || (await caches.match(C.offlineUrl));
  return answer || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

// A POST of hers, with the CSRF token her page gave; a redirect (to the log-in) is not followed.
function post(address, csrf, type, body) {
  return fetch(address, {
    method: "POST",
    credentials: "same-origin",
    redirect: "manual",
    headers: { "X-CSRFToken": csrf, "Content-Type": type },
    body: body,
  });
}

// --- read receipts of documents opened offline ---------------------------------------------------

async function queueReceipt(address, user) {
  var meta = await caches.open(META);
  var key = RECEIPT_KEY + "?" + new URLSearchParams({ url: address, user: user }).toString();
  if (await meta.match(key)) return; // The first opening counts.
  var entry = { url: address, user: user, at: Date.now() };
  await meta.put(key, new Response(JSON.stringify(entry)));
}

async function postReceipts(csrf) {
  var meta = await caches.open(META);
  var user = await currentUser();
  var keys = await meta.keys();
  for (var i = 0; i < keys.length; i++) {
    if (new URL(keys[i].url).pathname !== RECEIPT_KEY) continue;
    var stored = await meta.match(keys[i]);
    var entry = stored ? await stored.json() : null;
    if (!entry || Date.now() - entry.at > RECEIPT_DAYS * DAY) {
      await meta.delete(keys[i]);
      continue;
    }
    if (!user || entry.user !== user) continue; // Only under her own log-in.
    var answer;
    try {
      answer = await post(
        entry.url,
        csrf,
        "application/x-www-form-urlencoded",
        "opened_at=" + encodeURIComponent(String(entry.at))
      );
    } catch (error) {
      return; // Still offline: next time.
    }
    // Recorded, or never to be (a moment refused, a document she no longer sees).
    if (answer.status === 204 || answer.status === 400 || answer.status === 404) {
      await meta.delete(keys[i]);
    }
  }
}

// --- back online: what she may still keep --------------------------------------------------------

async function checkKept(csrf) {
  var pages = await caches.open(PAGES);
  var keys = await pages.keys();
  if (!keys.length) return;
  var answer;
  try {
    answer = await post(
      C.checkUrl,
      csrf,
      "application/json",
      JSON.stringify({ urls: keys.map(function (request) {
        return pathOf(request.url);
      }) })
    );
  } catch (error) {
    return;
  }
  if (answer.status !== 200) return;
  var user = userOf(answer);
  if (user === null) return;
  if (user !== (await currentUser())) {
    await noteUser(user);
    return;
  }
  var data = await answer.json();
  var keep = {};
  data.keep.forEach(function (path) {
    keep[path] = true;
  });
  for (var i = 0; i < keys.length; i++) {
    if (!keep[pathOf(keys[i].url)]) await pages.delete(keys[i]);
  }
}

// The documents linked from a kept page (its links marked data-offline-keep), fetched to keep:
// the server marks them, or not; fetching them so records no read receipt (PREFETCH header).
async function keepLinked(source, addresses) {
  if (!source || !(await keptCopy(pageKey(source.url)))) return;
  for (var i = 0; i < addresses.length; i++) {
    var key = pageKey(addresses[i]);
    if (new URL(key).origin !== self.location.origin || (await keptCopy(key))) continue;
    var request = new Request(key, { credentials: "same-origin" });
    var headers = {};
    headers[H.prefetch] = "1";
    try {
      var response = await fetch(key, { credentials: "same-origin", headers: headers });
      await learn(request, response, false);
    } catch (error) {
      return;
    }
  }
}

async function keptList() {
  return (await purge(Date.now())).map(function (pair) {
    var title = pair[1].headers.get(H.title) || "";
    return {
      url: pathOf(pair[0].url),
      title: title ? decodeURIComponent(title) : pathOf(pair[0].url),
      storedAt: Number(pair[1].headers.get(STORED_AT)),
      page: (pair[1].headers.get("Content-Type") || "").indexOf("text/html") === 0,
    };
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = event.ports && event.ports[0];
  var work;
  if (data.type === "sync") {
    var csrf = String(data.csrf || "");
    var check = data.force || recheck || Date.now() - lastCheck > CHECK_EVERY;
    work = postReceipts(csrf).then(function () {
      if (!check) return null;
      lastCheck = Date.now();
      recheck = false;
      return checkKept(csrf);
    });
  } else if (data.type === "keep" && Array.isArray(data.urls)) {
    work = keepLinked(event.source, data.urls.slice(0, 50));
  } else if (data.type === "purge") {
    // At a given moment (at least now: a page may only make the phone forget sooner).
    work = purge(Math.max(Date.now(), Number(data.now) || 0));
  } else if (data.type === "list") {
    work = keptList().then(function (list) {
      if (reply) reply.postMessage(list);
    });
  } else {
    return;
  }
  event.waitUntil(
    work
      .catch(function () {
        return null;
      })
      .then(function () {
        if (reply && data.type !== "list") reply.postMessage("done");
      })
  );
});
