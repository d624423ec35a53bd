/* Self-assessment worksheets (hooks/templates/worksheet.html.j2): the form, and what it shows
   as you answer: scores, coverage, the chart, the band, each question's gap, your top gaps and
   action plan, snapshots; printing (filled in, blank, the plan).

   The rules are worksheet-scoring.js's (the browser twin of hooks/yamlbook/scoring.py), with
   the numbers of data/scoring.yaml that the page embeds. Storage and files are
   worksheet-store.js's, the top gaps and the plan worksheet-plan.js's, team results
   worksheet-team.js's. Answers are keyed by question id, never by position, so rewording or
   reordering the data keeps what a reader already answered; everything read from storage or
   a file reaches the page only as input values and textContent. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  var scoring = pb.scoring;
  var store = pb.worksheetStore;
  var plan = pb.worksheetPlan;
  var UNKNOWN = scoring.UNKNOWN;

  /* ------------------------------------------------------------------ display helpers */

  function formatScore(key, value) {
    if (value === null || value === undefined) return "\u2014";
    if (key === "unknown") return String(value);
    var text = value.toFixed(1);
    if (key === "tilt" && value > 0) return "+" + text;
    return text.replace("-", "\u2212");
  }

  function formatDate(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  function finite(value) {
    return typeof value === "number" && isFinite(value) ? value : null;
  }

  function field(object, name) {
    return pb.isPlainObject(object) && pb.hasOwn(object, name) ? object[name] : undefined;
  }

  /* The value a score row shows ("section:<id>", "stream:<id>", "overall", "tilt", "unknown"),
     from a result of the scorer or a stored snapshot's scores: anything but a finite number (a
     damaged snapshot) shows as no score. Snapshots saved before streams and the tilt had their
     own names kept a stream's score under its id and the tilt under "gap". */
  function scoreOf(result, key) {
    if (!pb.isPlainObject(result)) return null;
    if (key.indexOf("section:") === 0) return finite(field(field(result, "sections"), key.slice(8)));
    if (key.indexOf("stream:") === 0) {
      var id = key.slice(7), streams = field(result, "streams");
      return finite(pb.isPlainObject(streams) ? field(streams, id) : field(result, id));
    }
    var value = field(result, key);
    if (key === "tilt" && value === undefined) value = field(result, "gap");
    return finite(value);
  }

  /* {answered, total} of a row of result's coverage, or null (the tilt and unknown rows). */
  function coverageOf(result, key) {
    var coverage = result.coverage;
    if (key.indexOf("section:") === 0) return coverage.sections[key.slice(8)];
    if (key.indexOf("stream:") === 0) return coverage.streams[key.slice(7)];
    return key === "overall" ? coverage.overall : null;
  }

  /* [lowest, highest] of a row of a team's ranges, or null. */
  function rangeOf(ranges, key) {
    if (key.indexOf("section:") === 0) return ranges.sections[key.slice(8)];
    if (key.indexOf("stream:") === 0) return ranges.streams[key.slice(7)];
    return pb.hasOwn(ranges, key) ? ranges[key] : null;
  }

  function setCell(cell, key, value) {
    cell.textContent = formatScore(key, value);
    cell.dataset.value = value === null ? "" : String(value);
  }

  /* Fill a score table (data-pb-scores) from result; extra: {target, snapshot, ranges}. */
  function showTable(table, result, extra) {
    table.querySelectorAll("[data-pb-score]").forEach(function (row) {
      var key = row.dataset.pbScore;
      setCell(row.querySelector(".pb-ws-now"), key, scoreOf(result, key));
      var target = row.querySelector(".pb-ws-target");
      if (target) setCell(target, key, key === "unknown" || !extra.target ? null : scoreOf(extra.target, key));
      if (key === "unknown") return;
      var coverage = coverageOf(result, key), cell = row.querySelector(".pb-ws-coverage");
      cell.textContent = coverage ? coverage.answered + " of " + coverage.total : "";
      if (coverage) { cell.dataset.answered = String(coverage.answered); cell.dataset.total = String(coverage.total); }
      var range = row.querySelector(".pb-ws-range");
      if (range) {
        var span = extra.ranges ? rangeOf(extra.ranges, key) : null;
        range.textContent = span ? formatScore(key, span[0]) + " to " + formatScore(key, span[1]) : "\u2014";
        range.dataset.value = span ? span.join(",") : "";
      }
    });
  }

  function show(element, visible) {
    element.setAttribute("visibility", visible ? "visible" : "hidden");
  }

  /* Bars (the track is 300 units wide for 0 to 100), target ticks and range whiskers. */
  function showChart(svg, result, extra) {
    svg.querySelectorAll("[data-pb-bar]").forEach(function (row) {
      var key = row.dataset.pbBar;
      var value = scoreOf(result, key);
      row.querySelector(".pb-ws-chart__bar").setAttribute("width", value === null ? "0" : String(value * 3));
      row.querySelector(".pb-ws-chart__value").textContent = formatScore(key, value);
      row.dataset.value = value === null ? "" : String(value);
      var tick = row.querySelector(".pb-ws-chart__target");
      if (tick) {
        var target = extra.target ? scoreOf(extra.target, key) : null;
        show(tick, target !== null);
        tick.setAttribute("x1", String((target || 0) * 3));
        tick.setAttribute("x2", String((target || 0) * 3));
        row.dataset.target = target === null ? "" : String(target);
      }
      var whisker = row.querySelector(".pb-ws-chart__range");
      if (whisker) {
        var span = extra.ranges ? rangeOf(extra.ranges, key) : null;
        show(whisker, span !== null);
        var lo = span ? span[0] * 3 : 0, hi = span ? span[1] * 3 : 0;
        var lines = whisker.querySelectorAll("line");
        lines[0].setAttribute("x1", String(lo));
        lines[0].setAttribute("x2", String(hi));
        [lo, hi].forEach(function (x, i) {
          lines[i + 1].setAttribute("x1", String(x));
          lines[i + 1].setAttribute("x2", String(x));
        });
        row.dataset.range = span ? span.join(",") : "";
      }
    });
  }

  /* "Your band: X (overall score 62.5)." and, while provisional, why; null without a band. */
  function bandSentence(ctx, result, who) {
    if (!result.band) return null;
    var tilt = ctx.sheet.band_score === "tilt";
    var text = who + ": " + result.band + " (" + (tilt ? "tilt " : "overall score ") +
      formatScore(ctx.sheet.band_score, result[ctx.sheet.band_score]) + ").";
    var why = result.provisional;
    if (why) {
      text += " Provisional: " + why.answered + " of " + why.total + " questions in " + streamName(ctx, why.stream) +
        " answered; the band needs at least " + why.needed + ".";
    }
    return text;
  }

  function streamName(ctx, id) {
    return pb.hasOwn(ctx.refs.streams, id) ? ctx.refs.streams[id] : id;
  }

  /* The answers with each rating at its target level: scored, they give the target scores. */
  function atTargets(answers) {
    var moved = Object.create(null), any = false;
    Object.keys(answers).forEach(function (id) {
      var answer = answers[id];
      if (typeof answer.target === "number") {
        any = true;
        moved[id] = { value: answer.target, target: answer.target, evidence: answer.evidence };
      } else {
        moved[id] = answer;
      }
    });
    return any ? moved : null;
  }

  /* A result as written into a file: the scores without the gaps, which have their own list. */
  function scoresForFile(result) {
    var copy = {};
    Object.keys(result).forEach(function (name) { if (name !== "gaps") copy[name] = result[name]; });
    return copy;
  }

  /* The ranked gaps for a file, each with its question's text. */
  function gapsForFile(gaps, ctx) {
    return gaps.map(function (gap) {
      var copy = { question: gap.question, text: ctx.byId.get(gap.question).question.text };
      Object.keys(gap).forEach(function (name) { if (name !== "question") copy[name] = gap[name]; });
      return copy;
    });
  }

  /* Print with a class on <html> that the print stylesheet reads (the plan alone, the team
     view), taken off again once the print dialog closes. */
  function printWith(className) {
    var html = document.documentElement;
    html.classList.add(className);
    window.addEventListener("afterprint", function () { html.classList.remove(className); }, { once: true });
    window.print();
  }

  /* The form's controls by name. Not form.elements or form.reset(): a form's controls are also
     properties of the form, so a question with the id "elements" or "reset" would hide them.
     (Names are question ids, lowercase, so they cannot hide camel-case methods such as
     querySelectorAll.) */
  function controlsByName(form) {
    var byName = new Map();
    form.querySelectorAll("input[name], textarea[name]").forEach(function (control) {
      var name = control.getAttribute("name");
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push(control);
    });
    return byName;
  }

  /* What print shows instead of a text field, which paper would cut off: its whole text. */
  function mirror(control) {
    var copy = control.nextElementSibling;
    if (copy && copy.hasAttribute("data-pb-mirror") && copy.textContent !== control.value) copy.textContent = control.value;
    control.classList.toggle("pb-ws-has-text", control.value !== "");
  }

  function readTemplate(root, name) {
    return JSON.parse(root.querySelector("template." + name).content.textContent);
  }

  pb.worksheetView = {
    formatScore: formatScore,
    showTable: showTable,
    showChart: showChart,
    bandSentence: bandSentence,
    scoresForFile: scoresForFile,
    gapsForFile: gapsForFile,
    printWith: printWith,
    mirror: mirror,
  };

  /* ------------------------------------------------------------------ the widget */

  function init(root) {
    var sheet = readTemplate(root, "pb-worksheet-def");
    var ctx = {
      sheet: sheet,
      rules: readTemplate(root, "pb-worksheet-rules"),
      refs: readTemplate(root, "pb-worksheet-refs"),
      byId: store.questionsById(sheet),
    };
    var saved = store.open(sheet);
    var form = root.querySelector(".pb-ws-form");
    var status = root.querySelector("[data-pb-status]");
    var nameField = root.querySelector("[data-pb-respondent]");
    var allIds = Array.from(ctx.byId.keys());
    var controls = controlsByName(form);
    var NOT_SAVED = pb.notSavedMessage("your answers are") + "; export them to keep them.";
    var state = {
      compare: null, // the date of the snapshot whose scores are shown beside the current ones
      warned: false, // the status line says NOT_SAVED
    };

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("pb-ws-status--error", Boolean(isError));
      state.warned = false;
    }

    /* Say so when the browser refused to store; take the warning back once it stores again. */
    function reportSaving(ok) {
      if (!ok) {
        say(NOT_SAVED, true);
        state.warned = true;
      } else if (state.warned) {
        say("");
      }
    }

    /* ---------------------------------------------------------------- the form */

    /* The value of a text control, or of the checked radio of a group (null: none checked). */
    function valueOf(name) {
      var list = controls.get(name) || [];
      for (var i = 0; i < list.length; i++) {
        if (list[i].type !== "radio" || list[i].checked) return list[i].value;
      }
      return null;
    }

    /* Show value (text, or null for none) in the control(s) of name. Only a changed text is
       written, so a field being typed in keeps its cursor when another tab's answers arrive. */
    function setValue(name, value) {
      (controls.get(name) || []).forEach(function (control) {
        if (control.type === "radio") {
          control.checked = value !== null && control.value === value;
          return;
        }
        if (control.value !== (value === null ? "" : value)) control.value = value === null ? "" : value;
        mirror(control);
      });
    }

    function readQuestion(question) {
      var answer = store.emptyAnswer();
      answer.evidence = valueOf(question.id + "--evidence") || "";
      var value = valueOf(question.id);
      if (question.type === "text") {
        answer.value = value || null;
      } else if (question.type === "yes-no") {
        answer.value = value;
      } else {
        var target = valueOf(question.id + "--target");
        answer.value = value === null || value === UNKNOWN ? value : Number(value);
        answer.target = target === null ? null : Number(target);
      }
      return answer;
    }

    /* Every question's controls show answers; text goes in as values, never as HTML. */
    function writeForm() {
      ctx.byId.forEach(function (entry, id) {
        var answer = store.answerOf(saved.answers, id) || store.emptyAnswer();
        setValue(id, answer.value === null ? null : String(answer.value));
        if (entry.question.type === "rating") setValue(id + "--target", answer.target === null ? null : String(answer.target));
        setValue(id + "--evidence", answer.evidence);
      });
      if (nameField.value !== saved.respondent) nameField.value = saved.respondent;
      mirror(nameField);
    }

    /* Each rating's gap, beside it, once it has a level now and a target. */
    function showQuestionGaps() {
      root.querySelectorAll("[data-pb-gap]").forEach(function (line) {
        var id = line.closest("[data-pb-question]").dataset.pbQuestion;
        var answer = store.answerOf(saved.answers, id);
        var set = answer && typeof answer.value === "number" && typeof answer.target === "number";
        line.hidden = !set;
        line.dataset.gap = set ? String(answer.target - answer.value) : "";
        if (!set) { line.textContent = ""; return; }
        var gap = answer.target - answer.value;
        line.textContent = gap > 0 ? "Gap: " + gap + (gap === 1 ? " level" : " levels") :
          gap === 0 ? "Gap: none (target reached)" : "Gap: none (above target)";
      });
    }

    /* ---------------------------------------------------------------- storage */

    /* Make answers this page's, store and show them; false when the browser refused to store. */
    function commit(answers, respondent, changed, nameChanged) {
      var ok = saved.commit(answers, respondent, changed, nameChanged);
      writeForm();
      showScores();
      return ok;
    }

    function restore() {
      var problem = saved.restore();
      if (problem) say("Your saved answers could not be read (" + problem + "); the worksheet starts empty.", true);
    }

    /* One question (or the name) changed: write it on top of what is stored now, so the answers
       another tab saved in the meantime are kept, and show those too. */
    function onAnswer(event) {
      if (event.target === nameField) {
        var now = saved.latest();
        reportSaving(commit(now.answers, nameField.value.slice(0, store.MAX_NAME), [], true));
        return;
      }
      var block = event.target.closest("[data-pb-question]");
      var id = block ? block.dataset.pbQuestion : null;
      if (!id || !ctx.byId.has(id)) return;
      var latest = saved.latest();
      var answer = readQuestion(ctx.byId.get(id).question);
      if (store.isEmpty(answer)) delete latest.answers[id];
      else latest.answers[id] = answer;
      reportSaving(commit(latest.answers, latest.respondent, [id], false));
    }

    function onOtherTab(changedKey) {
      if (changedKey !== saved.snapshotKey) {
        var latest = saved.latest();
        if (!store.sameAnswers(latest.answers, saved.answers) || latest.respondent !== saved.respondent) {
          saved.answers = latest.answers;
          saved.respondent = latest.respondent;
          writeForm();
          if (saved.unsaved.size || saved.nameUnsaved) reportSaving(false);
          else say("Updated with the answers saved in another tab or window of this browser.");
        }
      }
      refresh();
    }

    /* ---------------------------------------------------------------- scores on screen */

    function score() {
      return scoring.scoreWorksheet(sheet, saved.answers, ctx.rules);
    }

    function targetScore() {
      var moved = atTargets(saved.answers);
      return moved ? scoring.scoreWorksheet(sheet, moved, ctx.rules) : null;
    }

    function showScores() {
      var result = score();
      var target = targetScore();
      var snapshot = comparedSnapshot();
      var table = root.querySelector('[data-pb-scores="you"]');
      showTable(table, result, { target: target });
      table.querySelectorAll("[data-pb-score]").forEach(function (row) {
        var snap = row.querySelector(".pb-ws-snap");
        snap.hidden = !snapshot;
        if (snapshot) setCell(snap, row.dataset.pbScore, scoreOf(snapshot.scores, row.dataset.pbScore));
      });
      var head = root.querySelector("[data-pb-snapshot-head]");
      head.hidden = !snapshot;
      if (snapshot) head.textContent = "Snapshot of " + formatDate(snapshot.date);
      showChart(root.querySelector('[data-pb-chart="you"]'), result, { target: target });
      showBand(result);
      showQuestionGaps();
      var gaps = plan.top(result, ctx.rules);
      plan.showGaps(root.querySelector("[data-pb-gaps]"), root.querySelector("[data-pb-gaps-empty]"), gaps, ctx);
      plan.showPlan(root.querySelector("[data-pb-plan-list]"), root.querySelector("[data-pb-plan-empty]"), gaps, ctx);
      var who = root.querySelector("[data-pb-plan-who]");
      var name = store.cleanName(saved.respondent);
      who.hidden = !name;
      who.textContent = name ? "For " + name + ", " + new Date().toLocaleDateString(undefined, { dateStyle: "long" }) + "." : "";
      root.classList.toggle("pb-ws--empty", result.overall === null);
      root.classList.toggle("pb-ws--no-gaps", gaps.length === 0);
    }

    function showBand(result) {
      var line = root.querySelector("[data-pb-band-result]");
      line.dataset.band = result.band || "";
      line.dataset.provisional = result.provisional ? "true" : "";
      var sentence = bandSentence(ctx, result, "Your band");
      line.textContent = sentence ? sentence + " What to do next is below." : "Answer some questions to see your band.";
      root.querySelectorAll("[data-pb-band]").forEach(function (band) {
        var match = band.dataset.pbBand === result.band;
        band.classList.toggle("pb-ws-band--match", match);
        // Once a band matches, the others shrink to their name and range.
        band.classList.toggle("pb-ws-band--other", Boolean(result.band) && !match);
        band.querySelector(".pb-ws-band__yours").textContent = match && result.provisional ? " \u00b7 your band, provisional" : " \u00b7 your band";
      });
    }

    /* ---------------------------------------------------------------- snapshots */

    /* The snapshot being compared, or null (also when another tab deleted it). */
    function comparedSnapshot() {
      if (state.compare === null) return null;
      var match = saved.readable(saved.loadSnapshots()).filter(function (entry) { return entry.snapshot.date === state.compare; })[0];
      if (!match) state.compare = null;
      return match ? match.snapshot : null;
    }

    function summary(scores) {
      var parts = [];
      var keys = scoring.streamsOf(sheet).map(function (id) { return "stream:" + id; }).concat(["overall", "tilt"]);
      keys.forEach(function (key) {
        var value = scoreOf(scores, key);
        if (value === null) return;
        var label = key.indexOf("stream:") === 0 ? streamName(ctx, key.slice(7)) : key.charAt(0).toUpperCase() + key.slice(1);
        parts.push(label + " " + formatScore(key, value));
      });
      if (typeof scores.band === "string" && scores.band) parts.push("band " + scores.band);
      var unknown = scoreOf(scores, "unknown");
      if (unknown !== null) parts.push(unknown + " unknown");
      return parts.join(" \u00b7 ");
    }

    function showSnapshots() {
      var list = root.querySelector("[data-pb-snapshots]");
      var stored = saved.loadSnapshots();
      var shown = saved.readable(stored);
      list.textContent = "";
      shown.forEach(function (entry, position) {
        var snapshot = entry.snapshot;
        var item = document.createElement("li");
        item.dataset.pbSnapshot = String(entry.index);
        var date = document.createElement("strong");
        date.textContent = formatDate(snapshot.date);
        var scores = document.createElement("span");
        scores.className = "pb-ws-snapshot__scores";
        scores.textContent = summary(snapshot.scores);
        var compare = button("Compare", "compare", entry.index, position);
        compare.setAttribute("aria-pressed", String(state.compare === snapshot.date));
        item.append(date, " ", scores, " ", compare, " ", button("Delete", "delete-snapshot", entry.index, position));
        list.appendChild(item);
      });
      root.querySelector("[data-pb-snapshots-empty]").hidden = shown.length > 0;
      var bad = stored.length - shown.length;
      var note = root.querySelector("[data-pb-snapshots-bad]");
      note.hidden = bad === 0;
      note.textContent = bad === 1 ? "One saved snapshot could not be read and is not shown." :
        bad + " saved snapshots could not be read and are not shown.";
    }

    function button(text, action, index, position) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "pb-ws-small-button";
      element.dataset.pbAction = action;
      element.dataset.index = String(index);
      element.textContent = text;
      var label = document.createElement("span");
      label.className = "pb-visually-hidden";
      label.textContent = " snapshot " + (position + 1);
      element.appendChild(label);
      return element;
    }

    function saveSnapshot() {
      var scores = score();
      var snapshot = { date: new Date().toISOString(), scores: scores, answers: saved.answers };
      if (!saved.addSnapshot(snapshot)) {
        say("Could not save the snapshot in this browser (storage full or blocked); export your answers to keep them.", true);
        return;
      }
      state.compare = snapshot.date;
      refresh();
      say("Snapshot saved: " + summary(scores) + ".");
    }

    function deleteSnapshot(index) {
      var snapshot = saved.loadSnapshots()[index];
      if (!store.isSnapshot(snapshot) || !window.confirm("Delete the snapshot of " + formatDate(snapshot.date) + "?")) return;
      if (!saved.deleteSnapshot(index)) {
        say("Could not delete the snapshot: this browser does not allow changes to its storage.", true);
        return;
      }
      if (state.compare === snapshot.date) state.compare = null;
      refresh();
      say("Snapshot deleted.");
    }

    function toggleCompare(index) {
      var snapshot = saved.loadSnapshots()[index];
      if (!store.isSnapshot(snapshot)) return;
      state.compare = state.compare === snapshot.date ? null : snapshot.date;
      refresh();
    }

    function refresh() {
      showScores();
      showSnapshots();
    }

    /* ---------------------------------------------------------------- files */

    function importFile(file) {
      store.readFile(sheet, file).then(function (read) {
        if (read.error) return fail(read.error);
        var count = Object.keys(read.answers).length;
        if (Object.keys(saved.answers).length && !window.confirm("Replace your current answers with the ones in " + file.name + "?")) {
          return say("Import cancelled; nothing was changed.");
        }
        var ok = commit(read.answers, read.respondent || saved.respondent, allIds, true);
        refresh();
        var note = store.droppedNote(read.dropped);
        if (!ok) {
          say(pb.notSavedMessage("the answers read from " + file.name + " are") + "; export them to keep them." + note, true);
          state.warned = true;
          return;
        }
        say("Imported " + count + " answer" + (count === 1 ? "" : "s") + " from " + file.name + "." + note);
      });

      function fail(reason) {
        say("Could not import " + file.name + ": " + reason + ". Nothing was changed.", true);
      }
    }

    function exportJson() {
      var result = score();
      var gaps = plan.top(result, ctx.rules);
      var content = store.fileContent(sheet, saved.answers, store.cleanName(saved.respondent), {
        scores: scoresForFile(result),
        gaps: gapsForFile(result.gaps, ctx),
        plan: plan.forExport(gaps, ctx),
      });
      store.downloadJson(sheet.id + "-" + store.today() + ".json", content);
      say("Answers exported as JSON.");
    }

    /* One row per question: the answer, target, gap and evidence, and for the top gaps their
       rank and what closes them. */
    function exportCsv() {
      var result = score();
      var ranked = plan.items(plan.top(result, ctx.rules), ctx);
      var rows = [["section", "question id", "question", "answer", "target", "gap", "evidence", "top gap", "action plan"]];
      store.questionsOf(sheet).forEach(function (item) {
        var answer = store.answerOf(saved.answers, item.question.id) || store.emptyAnswer();
        var gap = typeof answer.value === "number" && typeof answer.target === "number" ? answer.target - answer.value : null;
        var rank = -1;
        ranked.forEach(function (entry, i) { if (entry.question === item.question.id) rank = i; });
        rows.push([item.section.title, item.question.id, item.question.text, answer.value, answer.target, gap,
                   answer.evidence, rank < 0 ? null : rank + 1, rank < 0 ? null : plan.csvCell(ranked[rank])]);
      });
      store.downloadCsv(sheet.id + "-" + store.today() + ".csv", rows);
      say("Answers exported as CSV.");
    }

    /* ---------------------------------------------------------------- actions */

    function reset() {
      if (!window.confirm("Clear every answer on this worksheet? Saved snapshots and team results are kept.")) return;
      if (commit(Object.create(null), "", allIds, true)) say("All answers cleared.");
      else reportSaving(false);
      refresh();
    }

    function printBlank() {
      // The class only changes the print stylesheet, so the screen never loses the answers.
      root.classList.add("pb-ws--blank");
      window.addEventListener("afterprint", function () {
        root.classList.remove("pb-ws--blank");
      }, { once: true });
      window.print();
    }

    var actions = {
      "export-json": exportJson,
      "export-csv": exportCsv,
      print: function () { window.print(); },
      "print-blank": printBlank,
      "print-plan": function () { printWith("pb-print-plan"); },
      reset: reset,
      snapshot: saveSnapshot,
      compare: function (target) { toggleCompare(Number(target.dataset.index)); },
      "delete-snapshot": function (target) { deleteSnapshot(Number(target.dataset.index)); },
    };

    root.addEventListener("click", function (event) {
      var target = event.target.closest("[data-pb-action]");
      if (!target || !root.contains(target) || !pb.hasOwn(actions, target.dataset.pbAction)) return;
      actions[target.dataset.pbAction](target);
    });

    form.addEventListener("change", onAnswer);
    form.addEventListener("input", onAnswer);
    // Enter in a text field would submit the form and reload the page.
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var picker = root.querySelector("[data-pb-import]");
    picker.addEventListener("change", function () {
      if (picker.files.length) importFile(picker.files[0]);
      picker.value = ""; // so choosing the same file again imports it again
    });
    pb.onOtherTabSave([saved.key, saved.snapshotKey], root, onOtherTab);

    restore();
    writeForm();
    refresh();

    pb.worksheetTeam.init(root, ctx, {
      /* This reader's own answers and name, for "Add my own answers". */
      mine: function () {
        return { answers: JSON.parse(JSON.stringify(saved.answers)), respondent: store.cleanName(saved.respondent) };
      },
    });
  }

  pb.onPage(".pb-worksheet", init);
})(window.playbook);
