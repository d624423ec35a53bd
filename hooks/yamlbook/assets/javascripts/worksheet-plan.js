/* The top gaps and the action plan of a worksheet, for one person or a team: which questions
   are furthest from their target (worksheet-scoring.js ranks them), and the activities and
   checklists that close each one (the questions' `closed_by` in the data).

   Titles, addresses, effort and horizon come from the page (worksheet.html.j2 embeds them for
   the records the questions name) and reach the page only through textContent and
   attributes, never as HTML. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  /* A number of the scale (or a team's median, which can end in .5), with a real minus sign. */
  function level(value) {
    return value === null || value === undefined ? "\u2014" : String(value).replace("-", "\u2212");
  }

  /* "counts double" / "counts ×1.5", as the form says beside a weighted question; "" for 1. */
  function weightNote(weight) {
    if (weight === 1) return "";
    return "counts " + (weight === 2 ? "double" : "\u00d7" + level(weight));
  }

  /* The first rules.gaps.top of a result's ranked gaps. */
  function top(result, rules) {
    return result.gaps.slice(0, rules.gaps.top);
  }

  /* Only the page's own relative addresses become links: the embedded map is the template's. */
  function isPageLink(url) {
    return typeof url === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(url) && url.indexOf("//") !== 0;
  }

  function refsOf(refs, kind, ids) {
    var known = refs[kind] || {};
    return (ids || []).filter(function (id) { return pb.hasOwn(known, id); }).map(function (id) {
      var record = known[id];
      var found = { id: id, title: String(record.title), url: record.url };
      if (kind === "activities") {
        found.effort = String(record.effort);
        found.horizon = String(record.horizon);
      }
      return found;
    });
  }

  /* What closes each gap: [{question, number, text, now, target, gap, weight, activities,
     checklists}], activities with their effort and horizon. */
  function items(gaps, ctx) {
    return gaps.map(function (gap) {
      var entry = ctx.byId.get(gap.question);
      var closedBy = entry.question.closed_by || {};
      return {
        question: gap.question,
        number: entry.number,
        text: entry.question.text,
        now: gap.now,
        target: gap.target,
        gap: gap.gap,
        weight: gap.weight,
        activities: refsOf(ctx.refs, "activities", closedBy.activities),
        checklists: refsOf(ctx.refs, "checklists", closedBy.checklists),
      };
    });
  }

  /* The plan in an exported file: ids and titles, no page addresses. */
  function forExport(gaps, ctx) {
    return items(gaps, ctx).map(function (item) {
      var strip = function (list) {
        return list.map(function (ref) {
          var copy = { id: ref.id, title: ref.title };
          if (ref.effort !== undefined) { copy.effort = ref.effort; copy.horizon = ref.horizon; }
          return copy;
        });
      };
      return {
        question: item.question, text: item.text, now: item.now, target: item.target, gap: item.gap,
        weight: item.weight, activities: strip(item.activities), checklists: strip(item.checklists),
      };
    });
  }

  /* One line of a gap: "now 2 → target 4: gap 2 (counts double)". */
  function gapLine(gap) {
    var text = "now " + level(gap.now) + " \u2192 target " + level(gap.target) + ": gap " + level(gap.gap);
    var note = weightNote(gap.weight);
    return note ? text + " (" + note + ", weighted " + level(gap.weighted) + ")" : text;
  }

  var element = pb.element;

  /* "Q4 Our written plan…": the list's own numbers are ranks, so the question's is marked Q. */
  function questionLabel(item) {
    var label = element("span", "pb-ws-gap__question");
    label.append(element("span", "pb-ws-q__num", "Q" + item.number), " " + item.text);
    return label;
  }

  /* Fill the <ol> list with the gaps; empty (a <p>) is shown when there is none. */
  function showGaps(list, empty, gaps, ctx) {
    list.textContent = "";
    items(gaps, ctx).forEach(function (item, index) {
      var entry = element("li", "pb-ws-gap");
      entry.dataset.pbGapQuestion = item.question;
      entry.append(questionLabel(item), " ", element("span", "pb-ws-gap__numbers", gapLine(gaps[index])));
      list.appendChild(entry);
    });
    list.hidden = gaps.length === 0;
    empty.hidden = gaps.length > 0;
  }

  function link(ref) {
    if (!isPageLink(ref.url)) return element("span", "", ref.title);
    var anchor = element("a", "", ref.title);
    anchor.href = ref.url;
    return anchor;
  }

  function refList(label, refs, describe) {
    var block = element("div", "pb-ws-plan__refs");
    block.appendChild(element("span", "pb-ws-plan__kind", label));
    var list = element("ul", "pb-ws-plan__list");
    refs.forEach(function (ref) {
      var entry = element("li");
      entry.dataset.pbRef = ref.id;
      entry.appendChild(link(ref));
      if (describe) entry.append(" ", element("span", "pb-ws-plan__meta", describe(ref)));
      list.appendChild(entry);
    });
    block.appendChild(list);
    return block;
  }

  /* Fill the plan's <ol> for the gaps; empty (a <p>) is shown when there is no gap. */
  function showPlan(list, empty, gaps, ctx) {
    list.textContent = "";
    items(gaps, ctx).forEach(function (item, index) {
      var entry = element("li", "pb-ws-plan__item");
      entry.dataset.pbPlanQuestion = item.question;
      var head = element("p", "pb-ws-plan__head");
      head.append(questionLabel(item), " ", element("span", "pb-ws-gap__numbers", gapLine(gaps[index])));
      entry.appendChild(head);
      if (item.activities.length) {
        entry.appendChild(refList("Activities", item.activities, function (ref) {
          return "effort " + ref.effort + ", " + ref.horizon;
        }));
      }
      if (item.checklists.length) entry.appendChild(refList("Checklists", item.checklists));
      var owner = element("p", "pb-ws-plan__owner");
      owner.setAttribute("aria-hidden", "true"); // lines to write on, on paper only
      owner.append(element("span", "", "Owner"), element("span", "", "By when"));
      if (!item.activities.length && !item.checklists.length) {
        entry.appendChild(element("p", "pb-ws-plan__none", "No activity or checklist is linked to this question yet; the advice of the band below is the place to start."));
      }
      entry.appendChild(owner);
      list.appendChild(entry);
    });
    list.hidden = gaps.length === 0;
    empty.hidden = gaps.length > 0;
  }

  /* The plan as one CSV cell: "Activities: A; B. Checklists: C." */
  function csvCell(item) {
    var parts = [];
    var titles = function (refs) { return refs.map(function (ref) { return ref.title; }).join("; "); };
    if (item.activities.length) parts.push("Activities: " + titles(item.activities) + ".");
    if (item.checklists.length) parts.push("Checklists: " + titles(item.checklists) + ".");
    return parts.join(" ");
  }

  pb.worksheetPlan = {
    level: level,
    weightNote: weightNote,
    top: top,
    items: items,
    forExport: forExport,
    gapLine: gapLine,
    showGaps: showGaps,
    showPlan: showPlan,
    questionLabel: questionLabel,
    csvCell: csvCell,
  };
})(window.playbook);
