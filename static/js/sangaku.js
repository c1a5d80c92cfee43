/* Sangaku page behaviour. All JavaScript lives in static files (no inline scripts or on* attributes).
 *
 * - data-confirm="…" on a submit button or a form: the browser asks before submitting, naming
 *   the consequence; cancelling sends nothing.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
