// KAM Desk page behaviour. No inline scripts anywhere (strict CSP): everything is here.
(function () {
  "use strict";

  // A click anywhere on a list row opens the customer, as a click on its name does.
  document.addEventListener("click", function (event) {
    const row = event.target.closest("tr[data-href]");
    if (!row || event.target.closest("a, button, input, select, label")) {
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      window.open(row.dataset.href, "_blank", "noopener");
    } else {
      window.location.assign(row.dataset.href);
    }
  });

  // htmx does not swap error answers: tell the user instead of doing nothing.
  document.addEventListener("htmx:responseError", function (event) {
    showError(event.detail.xhr ? event.detail.xhr.status : 0);
  });
  document.addEventListener("htmx:sendError", function () {
    showError(0);
  });

  function showError(status) {
    const toastElement = document.getElementById("kd-error-toast");
    if (!toastElement || !window.bootstrap) {
      return;
    }
    const body = toastElement.querySelector(".toast-body");
    let text = body.dataset.default;
    if (status === 403) {
      text = body.dataset.forbidden;
    } else if (status === 404) {
      text = body.dataset.notfound;
    } else if (status === 401 || status === 302) {
      window.location.reload();
      return;
    }
    body.textContent = text;
    window.bootstrap.Toast.getOrCreateInstance(toastElement).show();
  }

  // After an idle session expires, an htmx request is answered by the sign-in page:
  // reload so that the whole page shows it rather than a panel.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });
})();
