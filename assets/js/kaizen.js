// Kaizen's script for every page (an ES module, loaded by base.jinja). Pages' own scripts live
// beside it (measure_chart.js) or in their app's static folder; none is inline, so the
// Content-Security-Policy can refuse every inline script.
import { initAll } from "../vendor/nhsuk-frontend.min.js";

initAll();

// "Print this page" links: a data attribute instead of an inline onclick handler.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (link) {
    event.preventDefault();
    window.print();
  }
});
