/* Sangaku page behaviour. All JavaScript lives in static files (no inline scripts or on* attributes).
 *
 * - data-confirm="…" on a submit button or a form: the browser asks before submitting, naming
 *   the consequence; cancelling sends nothing. Agreeing adds confirm=yes, so the server acts at once;
 *   without JavaScript the server shows its own confirm page instead (sangaku/confirm.py).
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!message) { return; }
    if (!window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var existing = form.querySelector('input[name="confirm"]');
    if (existing && existing.type === "checkbox") {
      existing.checked = true;
    } else if (!existing) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "confirm";
      input.value = "yes";
      form.appendChild(input);
    }
  }, true);

  /* select[data-autosubmit]: choosing an option submits its form (the language switch). */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();

/* Budget grid (table.budget with inputs): row, column and grand totals follow the typing; the
 * paragraph #budget-live says when the total passes the call's cap or differs from the requested amount. */
(function () {
  "use strict";

  function number(input) {
    var value = parseInt(input.value, 10);
    return isNaN(value) ? 0 : value;
  }

  function format(n) {
    return n.toLocaleString("ja-JP");
  }

  function recompute(table) {
    var columns = [];
    var grand = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var inputs = row.querySelectorAll("input");
      if (!inputs.length) { return; }
      var total = 0;
      inputs.forEach(function (input, i) {
        var n = number(input);
        total += n;
        columns[i] = (columns[i] || 0) + n;
      });
      grand += total;
      var cell = row.querySelector(".row-total");
      if (cell) { cell.textContent = format(total); }
    });
    table.querySelectorAll("tfoot .col-total").forEach(function (cell, i) {
      cell.textContent = format(columns[i] || 0);
    });
    var grandCell = table.querySelector("tfoot .grand-total");
    if (grandCell) { grandCell.textContent = format(grand); }
    var live = document.getElementById("budget-live");
    if (!live) { return; }
    var cap = parseInt(live.getAttribute("data-cap"), 10);
    var requested = document.getElementById("id_requested_amount");
    var messages = [];
    if (!isNaN(cap) && grand > cap) { messages.push(live.getAttribute("data-msg-over")); }
    if (requested && requested.value !== "" && number(requested) !== grand) {
      messages.push(live.getAttribute("data-msg-mismatch"));
    }
    live.textContent = messages.join(" ");
    live.classList.toggle("warning", messages.length > 0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.budget").forEach(function (table) {
      if (!table.querySelector("tbody input")) { return; }
      table.addEventListener("input", function () { recompute(table); });
      var requested = document.getElementById("id_requested_amount");
      if (requested) { requested.addEventListener("input", function () { recompute(table); }); }
    });
  });
})();

/* Scoring form (form[data-autosave], saved by htmx on each change): the status line says whether the
 * latest change is saved, and leaving the page with an unsaved change asks first. */
(function () {
  "use strict";

  var dirty = false;

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form) { return; }
    var status = document.getElementById("autosave-status");
    function markDirty() {
      dirty = true;
      if (status) { status.textContent = status.getAttribute("data-msg-unsaved"); }
    }
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () { dirty = false; });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) {
        dirty = false;
      } else if (status) {
        status.textContent = status.getAttribute("data-msg-failed");
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
