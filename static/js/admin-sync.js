/* Suppliers admin: live sync progress, the sync buttons without a page reload, and the
   name-rule tester on the supplier form. Every part degrades to plain forms and links. */
(function () {
  "use strict";

  var POLL_MS = 2000;

  function csrfToken(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: { message: response.statusText } }; });
    });
  }

  /* ---- overview: progress polling ---- */
  function setupOverview(root) {
    var statusUrl = root.getAttribute("data-sync-status-url");
    var message = root.querySelector(".js-sync-message");
    var timer = null;
    var wasRunning = root.getAttribute("data-sync-running") === "true";

    function show(text, failed) {
      message.textContent = text;
      message.hidden = !text;
      message.classList.toggle("help-critical", Boolean(failed));
    }

    function render(status) {
      var anyRunning = false;
      var newRun = false;
      status.suppliers.forEach(function (supplier) {
        var row = root.querySelector('tr[data-supplier-id="' + supplier.id + '"]');
        if (!row) { return; }
        var box = row.querySelector(".js-sync-progress");
        var button = row.querySelector(".js-sync-form button");
        var run = supplier.last_run;
        anyRunning = anyRunning || supplier.running;
        newRun = newRun || String(run ? run.id : "") !== row.getAttribute("data-last-run");
        if (button) { button.disabled = supplier.running || supplier.queued; }
        var queued = row.querySelector(".js-sync-queued");
        if (queued) { queued.hidden = !supplier.queued; }
        if (!box) { return; }
        box.hidden = !supplier.running;
        if (supplier.running && run && run.status === "running") {
          var bar = box.querySelector("progress");
          var text = run.phase_label + ": " + run.progress_done;
          if (run.progress_total) {
            bar.value = run.progress_percent;
            text += " / " + run.progress_total + " (" + run.progress_percent + "%)";
          } else {
            bar.removeAttribute("value");  // indeterminate while the size is unknown
          }
          box.querySelector(".js-sync-progress-text").textContent = text;
        }
      });
      var remaining = root.querySelector(".js-webp-remaining");
      if (remaining && typeof status.webp_remaining === "number") {
        remaining.textContent = remaining.textContent.replace(/^\d+/, String(status.webp_remaining));
      }
      // A run started (its row must show it, not the last run's error), ended, or came and
      // went between two polls: reload once to show it.
      if (newRun || (!anyRunning && wasRunning)) { window.location.reload(); return; }
      wasRunning = anyRunning;
      schedule();
    }

    function poll() {
      fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json",
        "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(render, function () { schedule(); });  // a failed poll: try again
    }

    // Every 2 s, so a sync started elsewhere (a schedule, a colleague) shows up too;
    // a hidden tab waits until it is shown again.
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (document.hidden) { schedule(); } else { poll(); }
      }, POLL_MS);
    }

    root.querySelectorAll("form.js-sync-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        if (button) { button.disabled = true; }
        post(form.action, new FormData(form), csrfToken(form)).then(function (answer) {
          show(answer.data.message || "", answer.status >= 400);
          if (button) { button.disabled = false; }
          poll();
        }, function () {
          show("Network error: the request did not reach the server.", true);
          if (button) { button.disabled = false; }
        });
      });
    });

    schedule();
  }

  /* ---- supplier form: the name-rule tester ---- */
  function setupTester(root) {
    var button = root.querySelector(".js-name-rule-test");
    var error = root.querySelector(".js-name-rule-error");
    var table = root.querySelector(".js-name-rule-results");
    var form = root.closest("form");
    button.hidden = false;
    button.addEventListener("click", function () {
      var rules = form && form.querySelector("[name=name_rules]");
      var brand = form && form.querySelector("[name=name]");
      var body = new FormData();
      body.append("rules", rules ? rules.value : "");
      body.append("brand", brand ? brand.value : "");
      var template = form && form.querySelector("[name=name_template]");
      body.append("template", template ? template.value : "");
      body.append("names", root.querySelector(".js-name-rule-samples").value);
      post(root.getAttribute("data-name-rules-url"), body, csrfToken(form)).then(function (answer) {
        var tbody = table.querySelector("tbody");
        tbody.textContent = "";
        if (answer.status !== 200) {
          error.textContent = answer.data.error || answer.data.message || "Error";
          error.hidden = false;
          table.hidden = true;
          return;
        }
        error.hidden = true;
        answer.data.results.forEach(function (row) {
          var tr = document.createElement("tr");
          [row.name, row.cleaned].forEach(function (text) {
            var td = document.createElement("td");
            td.textContent = text;
            tr.appendChild(td);
          });
          tbody.appendChild(tr);
        });
        table.hidden = answer.data.results.length === 0;
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-sync-status-url]").forEach(setupOverview);
    document.querySelectorAll("[data-name-rules-url]").forEach(function (root) {
      if (!root.hasAttribute("data-ready")) { root.setAttribute("data-ready", ""); setupTester(root); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
