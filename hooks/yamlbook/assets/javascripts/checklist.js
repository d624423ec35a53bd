/* Checklists: ticks kept in this browser, a count of items done, and a reset.

   Stored under "checklist:<checklist id>" as the list of ticked items' keys: the item's text
   (pb.textKeys: a repeated text gets a number), not its position, so reordering or inserting
   items in the data keeps a reader's ticks on the right items. Every change is written on top
   of what is stored now, and a change saved in another tab is shown here at once, so two tabs
   on one checklist never undo each other's ticks. */
(function (pb) {
  "use strict";

  var RESET_QUESTION = "Clear all ticks on this checklist? This cannot be undone.";
  var NOT_SAVED = pb.notSavedMessage("your ticks are") + ".";

  function init(form) {
    var key = "checklist:" + form.dataset.pbChecklist;
    var boxes = Array.prototype.slice.call(form.querySelectorAll(".pb-checklist__item input[type=checkbox]"));
    var keys = pb.textKeys(boxes.map(function (box) { return box.value; }));
    var status = form.querySelector("[data-pb-status]");
    var warning = form.querySelector("[data-pb-save-status]");
    // Ticks changed here that the browser refused to store: they win over what is stored.
    var unsaved = new Map();

    /* The ticked keys: those stored (by any tab), with this page's unsaved changes on top. */
    function current() {
      var stored = pb.load(key, []);
      var ticked = new Set(Array.isArray(stored) ? stored.filter(function (k) { return typeof k === "string"; }) : []);
      unsaved.forEach(function (isTicked, k) {
        if (isTicked) ticked.add(k); else ticked.delete(k);
      });
      return ticked;
    }

    /* Tick exactly the given keys; every box is set because the browser may restore stale ticks. */
    function show(ticked) {
      boxes.forEach(function (box, i) { box.checked = ticked.has(keys[i]); });
      var done = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = done + " of " + boxes.length + " done" + (done === boxes.length ? " — all done." : ".");
    }

    /* Store the ticks of the items on this page, in their order; say so when the browser refuses. */
    function store(ticked) {
      var values = keys.filter(function (k) { return ticked.has(k); });
      // Unticking every item is the same as never having started: leave nothing stored.
      var saved = values.length ? pb.save(key, values) : pb.remove(key);
      if (saved) unsaved.clear();
      warning.textContent = saved ? "" : NOT_SAVED;
      warning.hidden = saved;
      return saved;
    }

    form.addEventListener("change", function (event) {
      var index = boxes.indexOf(event.target);
      if (index === -1) return;
      var ticked = current();
      if (event.target.checked) ticked.add(keys[index]); else ticked.delete(keys[index]);
      unsaved.set(keys[index], event.target.checked);
      store(ticked);
      show(ticked);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector('[data-pb-action="reset"]').addEventListener("click", function () {
      if (!window.confirm(RESET_QUESTION)) return;
      keys.forEach(function (k) { unsaved.set(k, false); });
      store(new Set());
      show(current());
    });
    pb.onOtherTabSave([key], form, function () { show(current()); });

    show(current());
  }

  pb.onPage("[data-pb-checklist]", init);
})(window.playbook);
