// The minutes form (templates/meetings/minutes_form.html): "Add a contribution" rows and the
// autosave. The page works without this script (it saves on submit); with it, the whole form is
// posted to the autosave URL ~2 s after typing stops and every 20 s while something is unsaved.
// Each save carries the version the page has; the server answers the new one (optimistic
// locking). A stale save (409) stops the autosave and leaves the clerk's text on screen. Every
// message comes from the template's data-msg-* attributes (translated there).
(function () {
  "use strict";
  var form = document.getElementById("minutes-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var statusLine = document.getElementById("minutes-status");
  var alertBox = document.getElementById("minutes-alert");
  var warningBox = document.getElementById("minutes-length-warning");
  var DEBOUNCE_MS = 2000;
  var INTERVAL_MS = 20000;

  var dirty = false; // changed since the last save was sent
  var unsaved = false; // changed since the last successful save
  var saving = false;
  var again = false;
  var stopped = false;
  var leaving = false;
  var timer = null;
  var afterSave = null;

  function msg(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("text-danger", !!isError);
    statusLine.classList.toggle("text-body-secondary", !isError);
  }

  function showAlert(text) {
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  // --- "Add a contribution" ------------------------------------------------------------------

  function renumber(element, n) {
    ["name", "id", "for", "data-row", "data-error-for", "aria-describedby"].forEach(function (a) {
      var value = element.getAttribute(a);
      if (value && value.indexOf("__n__") !== -1) {
        element.setAttribute(a, value.split("__n__").join(String(n)));
      }
    });
  }

  form.querySelectorAll("[data-add-contribution]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = button.parentNode;
      var list = body.querySelector("[data-contributions]");
      var template = body.querySelector("template[data-row-template]");
      var n = parseInt(list.getAttribute("data-next-index"), 10) || 0;
      list.setAttribute("data-next-index", String(n + 1));
      var row = template.content.firstElementChild.cloneNode(true);
      renumber(row, n);
      row.querySelectorAll("*").forEach(function (element) {
        renumber(element, n);
      });
      list.appendChild(row);
      row.querySelector("select").focus();
    });
  });

  // --- errors next to their fields ------------------------------------------------------------

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (element) {
      element.parentNode.removeChild(element);
    });
    form.querySelectorAll(".is-invalid").forEach(function (element) {
      element.classList.remove("is-invalid");
    });
  }

  function showErrors(errors) {
    clearErrors();
    var general = [];
    Object.keys(errors).forEach(function (name) {
      var field = name === "__all__" ? null : form.elements.namedItem(name);
      if (!field || !field.parentNode) {
        general.push(errors[name]);
        return;
      }
      field.classList.add("is-invalid");
      var feedback = document.createElement("div");
      feedback.className = "invalid-feedback d-block";
      feedback.setAttribute("data-error-for", name);
      feedback.textContent = errors[name];
      var group = field.closest(".input-group");
      if (group) {
        group.appendChild(feedback);
      } else {
        field.parentNode.insertBefore(feedback, field.nextSibling);
      }
    });
    showAlert(general.join(" "));
  }

  // --- the autosave ---------------------------------------------------------------------------

  function stop(text) {
    stopped = true;
    clearTimeout(timer);
    showAlert(text);
    setStatus(text, true);
    alertBox.scrollIntoView({ block: "center" });
  }

  function saved(body) {
    unsaved = dirty;
    form.elements.namedItem("version").value = body.version;
    Object.keys(body.ids || {}).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) {
        input.value = body.ids[name] === null ? "" : body.ids[name];
      }
    });
    clearErrors();
    showAlert("");
    setStatus(msg("saved") + " " + body.saved_at, false);
    if (warningBox) {
      warningBox.textContent = body.warning || "";
      warningBox.hidden = !body.warning;
    }
    var total = document.getElementById("quality-total");
    var grade = document.getElementById("quality-grade");
    if (total) {
      total.textContent = body.quality_total === null ? "—" : body.quality_total;
    }
    if (grade) {
      grade.textContent = body.grade || "—";
    }
  }

  function answer(response) {
    if (response.status === 204 && response.headers.get("HX-Redirect")) {
      stop(msg("session")); // the session has expired: her text stays on the page
      return false;
    }
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      if (response.status === 403) {
        stop(msg("session"));
      } else if (response.status >= 500) {
        dirty = true; // tried again at the next tick
        setStatus(msg("offline"), true);
      } else {
        setStatus(msg("refused"), true);
      }
      return false;
    }
    return response.json().then(function (body) {
      if (response.ok) {
        saved(body);
        return true;
      }
      if (response.status === 409) {
        stop(body.error);
      } else if (body.errors) {
        showErrors(body.errors);
        setStatus(msg("invalid"), true);
      } else {
        setStatus(msg("refused"), true);
      }
      return false;
    });
  }

  function save() {
    if (stopped) {
      return;
    }
    if (saving) {
      again = true;
      return;
    }
    clearTimeout(timer);
    saving = true;
    again = false;
    dirty = false;
    setStatus(msg("saving"), false);
    var token = form.elements.namedItem("csrfmiddlewaretoken").value;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "HX-Request": "true", Accept: "application/json" },
    })
      .then(answer)
      .catch(function () {
        dirty = true; // the network or the answer failed: tried again at the next tick
        setStatus(msg("offline"), true);
        return false;
      })
      .then(function (ok) {
        saving = false;
        if (again && !stopped) {
          save();
          return;
        }
        var then = afterSave;
        afterSave = null;
        if (then && ok && !unsaved) {
          then();
        }
      });
  }

  function changed() {
    if (stopped) {
      return;
    }
    dirty = true;
    unsaved = true;
    setStatus(msg("unsaved"), false);
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.setInterval(function () {
    if (dirty && !saving) {
      save();
    }
  }, INTERVAL_MS);

  // "Save" saves in place (no reload), like the autosave.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (stopped) {
      alertBox.scrollIntoView({ block: "center" });
      return;
    }
    save();
  });

  // "Mark ready" and "Approve" first save what is on the page, then go.
  document.querySelectorAll("form[data-minutes-flush]").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (!unsaved) {
        leaving = true;
        return;
      }
      if (stopped) {
        return; // her unsaved text: the browser asks before leaving the page
      }
      event.preventDefault();
      afterSave = function () {
        leaving = true;
        other.submit();
      };
      save();
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (unsaved && !leaving) {
      event.preventDefault();
      event.returnValue = msg("leave");
      return msg("leave");
    }
  });
})();
