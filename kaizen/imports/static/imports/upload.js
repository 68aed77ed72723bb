// Upload progress and status for the upload page. The bar shows the bytes sent, then turns
// indeterminate while the server checks or imports; the status line is read out by screen
// readers, so people know something is happening during a long upload.
(() => {
  const status = () => document.getElementById("upload-status");
  const bar = () => document.getElementById("upload-progress-bar");

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const message = event.detail.elt.dataset.status;
    if (!message || !status()) return;
    status().textContent = message;
    bar().removeAttribute("value");
  });

  document.body.addEventListener("htmx:xhr:progress", (event) => {
    const { loaded, total, lengthComputable } = event.detail;
    if (!lengthComputable || !bar()) return;
    if (loaded < total) {
      bar().value = Math.round((100 * loaded) / total);
    } else {
      bar().removeAttribute("value");
    }
  });

  document.body.addEventListener("htmx:afterSwap", () => {
    const outcome = document.querySelector("#upload-area [data-announce]");
    if (status()) status().textContent = outcome ? outcome.dataset.announce : "";
  });

  document.body.addEventListener("htmx:responseError", () => {
    if (status()) status().textContent = "Something went wrong. Nothing was imported. Please try again.";
  });
})();
