// Live progress of an AI job: polls the job's JSON status while it is open.
(function () {
  "use strict";
  var POLL_MS = 3000;

  function start(root) {
    var url = root.getAttribute("data-status-url");
    var progress = root.querySelector(".js-job-progress");
    var statusText = root.querySelector(".js-job-status");
    var summary = root.querySelector(".js-job-summary");
    var batch = root.querySelector(".js-job-batch");
    var error = root.querySelector(".js-job-error");
    var cancel = root.querySelector(".js-job-cancel");
    var reload = root.querySelector(".js-job-reload");

    function render(data) {
      progress.value = data.percent;
      statusText.textContent = data.status_label;
      summary.textContent = data.summary;
      if (batch && data.batch_text) batch.textContent = data.batch_text;
      if (data.error) {
        error.textContent = data.error;
        error.hidden = false;
      }
      if (!data.open) {
        if (cancel) cancel.hidden = true;
        if (reload) reload.hidden = false;
      }
      return data.open;
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (render(data)) window.setTimeout(poll, POLL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 5); // a passing fault: try again, less often
        });
    }

    if (root.getAttribute("data-open") === "true") window.setTimeout(poll, POLL_MS);
  }

  document.querySelectorAll(".aicontent-job[data-status-url]").forEach(start);
})();
