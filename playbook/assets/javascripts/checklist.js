/* Checklists: ticks kept in this browser, a count of items done, and a reset.

   Stored under "checklist:<checklist id>" as the list of ticked items' texts, not positions,
   so reordering or inserting items in the data keeps a reader's ticks on the right items. */
(function (pb) {
  "use strict";

  var RESET_QUESTION = "Clear all ticks on this checklist? This cannot be undone.";

  function init(form) {
    var key = "checklist:" + form.dataset.pbChecklist;
    var boxes = Array.prototype.slice.call(form.querySelectorAll(".pb-checklist__item input[type=checkbox]"));
    var status = form.querySelector("[data-pb-status]");

    function ticked() {
      return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    }

    function showStatus() {
      var done = ticked().length;
      status.textContent = done + " of " + boxes.length + " done" + (done === boxes.length ? " — all done." : ".");
    }

    /* Tick the stored items; every box is set because the browser may restore stale ticks. */
    function restore() {
      var stored = pb.load(key, []);
      if (!Array.isArray(stored)) stored = [];
      boxes.forEach(function (box) { box.checked = stored.indexOf(box.value) !== -1; });
      showStatus();
    }

    form.addEventListener("change", function () {
      var values = ticked();
      // Unticking every item is the same as never having started: leave nothing stored.
      if (values.length) pb.save(key, values);
      else pb.remove(key);
      showStatus();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector('[data-pb-action="reset"]').addEventListener("click", function () {
      if (!window.confirm(RESET_QUESTION)) return;
      pb.remove(key);
      restore();
    });

    restore();
  }

  pb.onPage("[data-pb-checklist]", init);
})(window.playbook);
