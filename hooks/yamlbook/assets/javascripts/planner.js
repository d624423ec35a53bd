/* Split planner (hooks/templates/planner.html.j2): the rules of hooks/yamlbook/planner.py (read
   its docstring), and the page that shows a reader's plan with the reason and source of every
   step. Nothing is stored or sent: the plan is worked out from the form each time it changes. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  /* The starting split for choices ({factorId: optionId}) and today's share (a number or null). */
  function plan(planner, choices, current) {
    var total = planner.baseline.value, steps = [], missing = [];
    planner.factors.forEach(function (factor) {
      var chosen = Object.prototype.hasOwnProperty.call(choices, factor.id) ? choices[factor.id] : null;
      var option = factor.options.filter(function (o) { return o.id === chosen; })[0];
      if (!option) {
        missing.push(factor.id);
        return;
      }
      total += option.shift;
      steps.push({ factor: factor.id, option: option.id, shift: option.shift });
    });
    var share = Math.min(Math.max(total, planner.limits.min), planner.limits.max);
    var result = { share: share, other: 100 - share, unlimited: total, limited: share !== total,
                   steps: steps, missing: missing, move: null, close_enough: null };
    if (current !== null && current !== undefined) {
      result.move = share - current;
      result.close_enough = Math.abs(share - current) <= planner.tolerance;
    }
    return result;
  }
  pb.planner = { plan: plan };

  var element = pb.element;

  function signed(points) {
    return (points > 0 ? "+" : points < 0 ? "\u2212" : "\u00b1") + Math.abs(points);
  }

  /* A copy of the reason (and its source) the page already shows for a step. */
  function reasonOf(root, key) {
    var shown = root.querySelector('[data-pb-reason="' + key + '"]');
    var copy = element("span", "pb-planner__reason");
    if (shown) {
      Array.prototype.forEach.call(shown.childNodes, function (node) { copy.appendChild(node.cloneNode(true)); });
    }
    return copy;
  }

  function init(root) {
    var planner = JSON.parse(root.querySelector("template.pb-planner-def").content.textContent);
    var form = root.querySelector("form");
    var output = root.querySelector("[data-pb-plan]");

    function choices() {
      var found = {};
      planner.factors.forEach(function (factor) {
        var checked = form.querySelector('input[data-pb-factor="' + factor.id + '"]:checked');
        if (checked) found[factor.id] = checked.value;
      });
      return found;
    }

    function current() {
      var field = form.querySelector("[data-pb-current]");
      var value = field.value.trim() === "" ? NaN : Number(field.value);
      return isFinite(value) && value >= 0 && value <= 100 ? value : null;
    }

    function render() {
      var result = plan(planner, choices(), current());
      output.textContent = "";
      var head = element("p", "pb-planner__split");
      head.appendChild(element("strong", null, planner.share_label + ": " + result.share + "%"));
      head.appendChild(document.createTextNode(" \u00b7 " + planner.other_label + ": " + result.other + "%"));
      output.appendChild(head);
      if (result.missing.length) {
        output.appendChild(element("p", "pb-planner__note",
          "Provisional: " + result.missing.length + " of " + planner.factors.length +
          " questions unanswered; each answer can move the starting point."));
      }
      var list = element("ol", "pb-planner__steps");
      var start = element("li");
      start.appendChild(element("strong", null, "Start at " + planner.baseline.value + "%. "));
      start.appendChild(reasonOf(root, "baseline"));
      list.appendChild(start);
      result.steps.forEach(function (step) {
        var factor = planner.factors.filter(function (f) { return f.id === step.factor; })[0];
        var option = factor.options.filter(function (o) { return o.id === step.option; })[0];
        var item = element("li");
        item.appendChild(element("strong", null, option.label + ": " + signed(step.shift) + " points. "));
        item.appendChild(reasonOf(root, factor.id + ":" + option.id));
        list.appendChild(item);
      });
      if (result.limited) {
        list.appendChild(element("li", null, "Held at " + result.share + "% (the sum was " + result.unlimited +
                                 "%): " + planner.limits.reason));
      }
      output.appendChild(list);
      if (result.move !== null) {
        output.appendChild(element("p", "pb-planner__move", result.close_enough
          ? "Today's " + (result.share - result.move) + "% is within " + planner.tolerance + " points of the plan: keep the split and check it with the worksheet."
          : "Move about " + Math.abs(result.move) + " points " + (result.move > 0 ? "toward " + planner.share_label.toLowerCase() : "toward " + planner.other_label.toLowerCase()) + " (today " + (result.share - result.move) + "%, plan " + result.share + "%)."));
      }
    }

    form.addEventListener("change", render);
    form.addEventListener("input", render);
    root.querySelector("[data-pb-print]").addEventListener("click", function () { window.print(); });
    render();
  }

  if (pb.onPage) pb.onPage(".pb-planner", init);
})(window.playbook);
