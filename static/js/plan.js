// Progressive enhancement: poll the plan's status and show the download button when ready.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.querySelector(".plan-status[data-status-url]");
  if (!box || box.getAttribute("data-status") === "ready" || box.getAttribute("data-status") === "failed") return;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "ready") {
          var link = box.querySelector(".plan-download");
          link.setAttribute("href", data.download_url);
          box.querySelector(".plan-ready").classList.remove("is-hidden");
          box.querySelector(".plan-waiting").classList.add("is-hidden");
          box.querySelector(".plan-refresh").classList.add("is-hidden");
        } else if (data.status === "failed") {
          window.location.reload();
        } else if (tries < 60) {
          window.setTimeout(poll, tries < 10 ? 1000 : 3000);
        }
      })
      .catch(function () { if (tries < 60) window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 800);
})();
