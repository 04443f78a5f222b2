// Reading offline (issue 24), the page's side: registers the service worker (static/js/sw.js,
// served at the address in this script's data-sw), says "as of" on a page shown from the phone,
// asks the worker to post what was read offline and to check what it keeps when the page is
// online, to keep the documents a kept page links to, and lists the kept pages on the offline page.
(function () {
  "use strict";
  var script = document.currentScript;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // dd/mm/yyyy HH:MM, as the app writes dates (DESIGN §4), in the phone's time.
  function formatted(date) {
    return (
      pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear() + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes())
    );
  }

  // Large text (her account's) on the offline page too, which is the same for everyone: her pages
  // remember it on the phone (deleted at logout with the rest).
  var root = document.documentElement;
  try {
    if (document.getElementById("offline-kept")) {
      if (window.localStorage.getItem("chibo.largeText") === "1") root.classList.add("text-large");
    } else if (document.body.hasAttribute("hx-headers")) {
      window.localStorage.setItem(
        "chibo.largeText",
        root.classList.contains("text-large") ? "1" : "0"
      );
    }
  } catch (error) {
    // No local storage (a private window): the normal size.
  }

  // A page shown from the phone: the worker wrote when it was kept into the banner.
  var banner = document.getElementById("offline-banner");
  var storedAt = banner ? Number(banner.getAttribute("data-chibo-stored-at") || 0) : 0;
  if (storedAt) {
    var time = banner.querySelector("time");
    var date = new Date(storedAt);
    time.textContent = formatted(date);
    time.setAttribute("datetime", date.toISOString());
    banner.hidden = false;
    // The messages of the moment it was kept ("saved") are not news any more.
    document.querySelectorAll("main .alert-dismissible").forEach(function (alert) {
      alert.remove();
    });
  }

  if (!("serviceWorker" in navigator) || !script) return;
  navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: "/" }).catch(
    function () {
      return null;
    }
  );

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // A message to the active worker; resolves with its answer.
  function tell(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        if (!registration.active) return resolve(null);
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          resolve(event.data);
        };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function sync(force) {
    return tell({ type: "sync", csrf: csrf(), force: force === true });
  }

  var list = document.getElementById("offline-kept");
  if (!storedAt && !list && navigator.onLine) {
    window.chiboOffline = sync().then(function () {
      var links = document.querySelectorAll("a[data-offline-keep]");
      if (!links.length) return null;
      return tell({
        type: "keep",
        urls: Array.prototype.map.call(links, function (link) {
          return link.href;
        }),
      });
    });
  }
  // Back online: what was read offline is posted, what may not be kept any more is deleted.
  window.addEventListener("online", function () {
    window.chiboOffline = sync(true);
  });

  // The offline page: the pages kept on this phone, newest first.
  if (list) {
    tell({ type: "list" }).then(function (kept) {
      kept = (kept || []).filter(function (item) {
        return item.page;
      });
      kept.sort(function (a, b) {
        return b.storedAt - a.storedAt;
      });
      var label = list.getAttribute("data-as-of");
      kept.forEach(function (item) {
        var link = document.createElement("a");
        link.className = "list-group-item list-group-item-action";
        link.href = item.url;
        var title = document.createElement("span");
        title.className = "fw-semibold d-block";
        title.textContent = item.title;
        var when = document.createElement("small");
        when.className = "text-body-secondary";
        when.textContent = label + " " + formatted(new Date(item.storedAt));
        link.appendChild(title);
        link.appendChild(when);
        list.appendChild(link);
      });
      document.getElementById(kept.length ? "offline-some" : "offline-none").hidden = false;
    });
  }
  document.querySelectorAll("[data-offline-retry]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.location.reload();
    });
  });
})();
