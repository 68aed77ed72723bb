// Upload progress and status for the upload page. The bar shows the bytes sent, then turns
// indeterminate while the server checks; the status line is read out by screen readers, so
// people know something is happening during a long upload. A bulk import's job page polls its
// own progress: the status line keeps its words until the outcome replaces them.
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
    if (!status() || document.querySelector("#upload-area[data-running]")) return;
    const outcome = document.querySelector("#upload-area[data-announce], #upload-area [data-announce]");
    status().textContent = outcome ? outcome.dataset.announce : "";
  });

  document.body.addEventListener("htmx:responseError", () => {
    if (status()) status().textContent = "Something went wrong. Nothing was imported. Please try again.";
  });
})();
