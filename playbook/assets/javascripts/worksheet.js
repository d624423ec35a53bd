/* Self-assessment worksheets (hooks/templates/worksheet.html.j2): answers saved in this
   browser, live scores, JSON and CSV files, dated snapshots and printing.

   The scoring rules are those of hooks/yamlbook/scoring.py, the reference; scoreWorksheet below
   repeats them in the same order of floating-point operations, so both give the same numbers
   (tests/browser/test_worksheets.py checks it). Answers are keyed by question id, never by
   position, so rewording or reordering the data keeps what a reader already answered. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  var UNKNOWN = "unknown";
  var STREAMS = ["upstream", "downstream"];
  var FORMAT_VERSION = 1;

  /* ------------------------------------------------------------------ scoring (scoring.py) */

  /* Halves go up, as Python's math.floor(value * 10 + 0.5) / 10 does. */
  function roundHalfUp(value) {
    return value === null ? null : Math.floor(value * 10 + 0.5) / 10;
  }

  /* What one answer counts, from 0 to 1, or null when it is not scored. */
  function answerValue(question, answer, scale) {
    if (answer === null || answer === undefined || answer === UNKNOWN) return null;
    if (question.type === "rating") {
      var low = scale[0].value, high = scale[scale.length - 1].value;
      return (answer - low) / (high - low);
    }
    if (question.type === "yes-no") {
      if (answer === "yes") return 1.0;
      if (answer === "no") return 0.0;
    }
    return null;
  }

  function mean(bucket) {
    return bucket[1] ? (bucket[0] / bucket[1]) * 100 : null;
  }

  /* Label of the band holding value: min included, max excluded, except the last band's. */
  function bandFor(sheet, value) {
    if (value === null) return null;
    var bands = sheet.bands;
    for (var i = 0; i < bands.length; i++) {
      var last = i === bands.length - 1;
      if ((bands[i].min <= value && value < bands[i].max) || (last && value === bands[i].max)) {
        return bands[i].label;
      }
    }
    return null;
  }

  /* Section, stream, overall and gap scores, the unknown count and the band; answers are flat:
     {questionId: level | "yes" | "no" | "unknown" | text}. */
  function scoreWorksheet(sheet, answers) {
    var totals = { overall: [0.0, 0.0], upstream: [0.0, 0.0], downstream: [0.0, 0.0] };
    var sections = {};
    var unknown = 0;
    sheet.sections.forEach(function (section) {
      var own = [0.0, 0.0];
      section.questions.forEach(function (question) {
        var answer = Object.prototype.hasOwnProperty.call(answers, question.id) ? answers[question.id] : null;
        if (question.type === "rating" && answer === UNKNOWN) unknown += 1;
        var value = answerValue(question, answer, sheet.scale);
        if (value === null) return;
        var weight = question.weight === undefined ? 1 : question.weight;
        [own, totals[section.stream], totals.overall].forEach(function (bucket) {
          bucket[0] += weight * value;
          bucket[1] += weight;
        });
      });
      sections[section.id] = mean(own);
    });
    var result = { sections: {} };
    Object.keys(sections).forEach(function (id) {
      result.sections[id] = roundHalfUp(sections[id]);
    });
    var up = mean(totals.upstream), down = mean(totals.downstream);
    result.upstream = roundHalfUp(up);
    result.downstream = roundHalfUp(down);
    result.overall = roundHalfUp(mean(totals.overall));
    result.unknown = unknown;
    result.gap = up !== null && down !== null ? roundHalfUp(up - down) : null;
    result.band = bandFor(sheet, result[sheet.band_score]);
    return result;
  }

  pb.scoreWorksheet = scoreWorksheet;

  /* ------------------------------------------------------------------ answers */

  function questionsOf(sheet) {
    var list = [];
    sheet.sections.forEach(function (section) {
      section.questions.forEach(function (question) {
        list.push({ section: section, question: question });
      });
    });
    return list;
  }

  function levels(sheet) {
    return sheet.scale.map(function (level) { return level.value; });
  }

  function isEmpty(answer) {
    return answer.value === null && answer.target === null && answer.evidence === "";
  }

  /* Why an answer cannot belong to a question, or "" when it can. Missing fields mean unanswered. */
  function answerProblem(sheet, question, answer) {
    if (!answer || typeof answer !== "object" || Array.isArray(answer)) return "is not an answer object";
    var value = answer.value === undefined ? null : answer.value;
    var target = answer.target === undefined ? null : answer.target;
    var evidence = answer.evidence === undefined ? "" : answer.evidence;
    var scale = levels(sheet);
    if (typeof evidence !== "string") return "has evidence that is not text";
    if (question.type === "rating") {
      if (value !== null && value !== UNKNOWN && scale.indexOf(value) < 0) {
        return "has " + JSON.stringify(value) + ", which is not a level of the scale (" + scale.join(", ") + ") or \"unknown\"";
      }
      if (target !== null && scale.indexOf(target) < 0) {
        return "has a target of " + JSON.stringify(target) + ", which is not a level of the scale";
      }
    } else {
      if (question.type === "yes-no" && value !== null && value !== "yes" && value !== "no") {
        return "has " + JSON.stringify(value) + " where \"yes\" or \"no\" was expected";
      }
      if (question.type === "text" && value !== null && typeof value !== "string") return "has an answer that is not text";
      if (target !== null) return "has a target, but only rating questions have one";
    }
    return "";
  }

  function normalised(answer) {
    return {
      // An empty text answer is no answer, as in the form.
      value: answer.value === undefined || answer.value === "" ? null : answer.value,
      target: answer.target === undefined ? null : answer.target,
      evidence: answer.evidence === undefined ? "" : answer.evidence,
    };
  }

  /* Check a saved or imported file's content against the worksheet. strict (for imports): any
     bad answer rejects the whole file. Otherwise (saved answers after the data changed) bad
     answers are dropped one by one. Answers to questions that no longer exist are always
     dropped. Returns {answers, dropped} or {error}. */
  function readAnswers(sheet, content, strict) {
    if (!content || typeof content !== "object" || Array.isArray(content)) {
      return { error: "it does not hold saved worksheet answers" };
    }
    if (content.version !== FORMAT_VERSION) {
      return { error: "it is not in a format this page can read (version " + FORMAT_VERSION + " expected)" };
    }
    if (content.worksheet !== sheet.id) {
      return { error: "it holds answers for the worksheet \u201c" + String(content.worksheet) + "\u201d, not for this one (\u201c" + sheet.id + "\u201d)" };
    }
    var raw = content.answers;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { error: "its \u201canswers\u201d is not an object" };
    var byId = {};
    questionsOf(sheet).forEach(function (item) { byId[item.question.id] = item.question; });
    var answers = {}, dropped = 0;
    var ids = Object.keys(raw);
    for (var i = 0; i < ids.length; i++) {
      var question = Object.prototype.hasOwnProperty.call(byId, ids[i]) ? byId[ids[i]] : null;
      if (!question) { dropped += 1; continue; }
      var problem = answerProblem(sheet, question, raw[ids[i]]);
      if (problem && strict) return { error: "the answer to \u201c" + ids[i] + "\u201d " + problem };
      if (problem) { dropped += 1; continue; }
      var answer = normalised(raw[ids[i]]);
      if (!isEmpty(answer)) answers[ids[i]] = answer;
    }
    return { answers: answers, dropped: dropped };
  }

  /* The scorer's flat form: {questionId: value}. */
  function flatAnswers(answers) {
    var flat = {};
    Object.keys(answers).forEach(function (id) {
      if (answers[id].value !== null) flat[id] = answers[id].value;
    });
    return flat;
  }

  function fileContent(sheet, answers) {
    return { version: FORMAT_VERSION, worksheet: sheet.id, saved: new Date().toISOString(), answers: answers };
  }

  /* ------------------------------------------------------------------ files */

  function download(filename, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* RFC 4180: quote a field holding a comma, quote or line break; double the quotes. */
  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) || text.trim() !== text ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(sheet, answers) {
    var rows = [["section", "question id", "question", "answer", "target", "evidence"]];
    questionsOf(sheet).forEach(function (item) {
      var answer = answers[item.question.id] || { value: null, target: null, evidence: "" };
      rows.push([item.section.title, item.question.id, item.question.text, answer.value, answer.target, answer.evidence]);
    });
    // The byte order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + rows.map(function (row) { return row.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* ------------------------------------------------------------------ display helpers */

  function formatScore(key, value) {
    if (value === null || value === undefined) return "\u2014";
    if (key === "unknown") return String(value);
    var text = value.toFixed(1);
    if (key === "gap" && value > 0) return "+" + text;
    return text.replace("-", "\u2212");
  }

  function formatDate(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  /* The value a score row shows, from a result of scoreWorksheet. */
  function scoreOf(result, key) {
    if (!result) return null;
    if (key.indexOf("section:") === 0) {
      var sections = result.sections || {};
      var id = key.slice("section:".length);
      return Object.prototype.hasOwnProperty.call(sections, id) ? sections[id] : null;
    }
    return result[key] === undefined ? null : result[key];
  }

  function setCell(cell, key, value) {
    cell.textContent = formatScore(key, value);
    cell.dataset.value = value === null ? "" : String(value);
  }

  /* ------------------------------------------------------------------ the widget */

  function init(root) {
    var definition = root.querySelector("template.pb-worksheet-def");
    var sheet = JSON.parse(definition.content.textContent);
    var key = "worksheet:" + sheet.id;
    var snapshotKey = key + ":snapshots";
    var form = root.querySelector(".pb-ws-form");
    var status = root.querySelector("[data-pb-status]");
    var state = { answers: {}, compare: null };

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("pb-ws-status--error", Boolean(isError));
    }

    function field(name) {
      return form.elements.namedItem(name);
    }

    /* Radio groups are RadioNodeLists; a lone radio would be a plain element. */
    function checkedValue(name) {
      var group = field(name);
      return group && group.value ? group.value : null;
    }

    function readForm() {
      var answers = {};
      questionsOf(sheet).forEach(function (item) {
        var question = item.question;
        var answer = { value: null, target: null, evidence: field(question.id + "--evidence").value };
        if (question.type === "text") {
          answer.value = field(question.id).value || null;
        } else {
          answer.value = checkedValue(question.id);
          if (question.type === "rating") {
            var target = checkedValue(question.id + "--target");
            answer.value = answer.value === null || answer.value === UNKNOWN ? answer.value : Number(answer.value);
            answer.target = target === null ? null : Number(target);
          }
        }
        if (!isEmpty(answer)) answers[question.id] = answer;
      });
      return answers;
    }

    function writeForm(answers) {
      form.reset();
      Object.keys(answers).forEach(function (id) {
        var answer = answers[id];
        field(id + "--evidence").value = answer.evidence;
        var control = field(id);
        if (control instanceof HTMLTextAreaElement) {
          control.value = answer.value || "";
        } else if (answer.value !== null) {
          control.value = String(answer.value);
        }
        if (answer.target !== null) field(id + "--target").value = String(answer.target);
      });
    }

    function save() {
      if (Object.keys(state.answers).length) {
        pb.save(key, fileContent(sheet, state.answers));
      } else {
        pb.remove(key);
      }
    }

    function restore() {
      var stored = pb.load(key, null);
      if (stored === null) return;
      var read = readAnswers(sheet, stored, false);
      if (read.error) {
        say("Your saved answers could not be read (" + read.error + "); the worksheet starts empty.", true);
        return;
      }
      state.answers = read.answers;
    }

    /* ---------------------------------------------------------------- scores on screen */

    function showScores() {
      var result = scoreWorksheet(sheet, flatAnswers(state.answers));
      var snapshot = state.compare === null ? null : loadSnapshots()[state.compare];
      root.querySelectorAll("[data-pb-score]").forEach(function (row) {
        var name = row.dataset.pbScore;
        setCell(row.querySelector(".pb-ws-now"), name, scoreOf(result, name));
        var snap = row.querySelector(".pb-ws-snap");
        snap.hidden = !snapshot;
        if (snapshot) setCell(snap, name, scoreOf(snapshot.scores, name));
      });
      var head = root.querySelector("[data-pb-snapshot-head]");
      head.hidden = !snapshot;
      if (snapshot) head.textContent = "Snapshot of " + formatDate(snapshot.date);
      showChart(result);
      showBand(result);
      root.classList.toggle("pb-ws--empty", result.overall === null);
    }

    function showChart(result) {
      root.querySelectorAll("[data-pb-bar]").forEach(function (row) {
        var value = scoreOf(result, row.dataset.pbBar);
        var bar = row.querySelector(".pb-ws-chart__bar");
        // The track is 300 units wide for 0 to 100.
        bar.setAttribute("width", value === null ? "0" : String(value * 3));
        row.querySelector(".pb-ws-chart__value").textContent = formatScore(row.dataset.pbBar, value);
        row.dataset.value = value === null ? "" : String(value);
      });
    }

    function showBand(result) {
      var line = root.querySelector("[data-pb-band-result]");
      line.dataset.band = result.band || "";
      if (result.band) {
        var score = result[sheet.band_score];
        line.textContent = "Your band: " + result.band + " (" + (sheet.band_score === "gap" ? "gap " : "overall score ") + formatScore(sheet.band_score, score) + "). What to do next is below.";
      } else {
        line.textContent = "Answer some questions to see your band.";
      }
      root.querySelectorAll("[data-pb-band]").forEach(function (band) {
        var match = band.dataset.pbBand === result.band;
        band.classList.toggle("pb-ws-band--match", match);
        // Once a band matches, the others shrink to their name and range.
        band.classList.toggle("pb-ws-band--other", Boolean(result.band) && !match);
      });
    }

    /* ---------------------------------------------------------------- snapshots */

    function loadSnapshots() {
      var list = pb.load(snapshotKey, []);
      return Array.isArray(list) ? list.filter(function (s) { return s && s.date && s.scores; }) : [];
    }

    function summary(scores) {
      var parts = [];
      STREAMS.concat(["overall", "gap"]).forEach(function (name) {
        var value = scores[name];
        if (value !== null && value !== undefined) parts.push(name.charAt(0).toUpperCase() + name.slice(1) + " " + formatScore(name, value));
      });
      if (scores.band) parts.push("band " + scores.band);
      parts.push(scores.unknown + " unknown");
      return parts.join(" · ");
    }

    function showSnapshots() {
      var list = root.querySelector("[data-pb-snapshots]");
      var snapshots = loadSnapshots();
      list.textContent = "";
      snapshots.forEach(function (snapshot, index) {
        var item = document.createElement("li");
        item.dataset.pbSnapshot = String(index);
        var date = document.createElement("strong");
        date.textContent = formatDate(snapshot.date);
        var scores = document.createElement("span");
        scores.className = "pb-ws-snapshot__scores";
        scores.textContent = summary(snapshot.scores);
        item.append(date, " ", scores, " ", button("Compare", "compare", index), " ", button("Delete", "delete-snapshot", index));
        var compare = item.querySelector('[data-pb-action="compare"]');
        compare.setAttribute("aria-pressed", String(state.compare === index));
        list.appendChild(item);
      });
      root.querySelector("[data-pb-snapshots-empty]").hidden = snapshots.length > 0;
    }

    function button(text, action, index) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "pb-ws-small-button";
      element.dataset.pbAction = action;
      element.dataset.index = String(index);
      element.textContent = text;
      var label = document.createElement("span");
      label.className = "pb-visually-hidden";
      label.textContent = " snapshot " + (index + 1);
      element.appendChild(label);
      return element;
    }

    function saveSnapshot() {
      var snapshots = loadSnapshots();
      var scores = scoreWorksheet(sheet, flatAnswers(state.answers));
      snapshots.push({ date: new Date().toISOString(), scores: scores, answers: state.answers });
      if (!pb.save(snapshotKey, snapshots)) {
        say("The snapshot could not be saved: this browser does not allow saving.", true);
        return;
      }
      state.compare = snapshots.length - 1;
      refresh();
      say("Snapshot saved: " + summary(scores) + ".");
    }

    function deleteSnapshot(index) {
      var snapshots = loadSnapshots();
      if (!snapshots[index] || !window.confirm("Delete the snapshot of " + formatDate(snapshots[index].date) + "?")) return;
      snapshots.splice(index, 1);
      if (snapshots.length) pb.save(snapshotKey, snapshots); else pb.remove(snapshotKey);
      if (state.compare === index) state.compare = null;
      else if (state.compare !== null && state.compare > index) state.compare -= 1;
      refresh();
      say("Snapshot deleted.");
    }

    function toggleCompare(index) {
      state.compare = state.compare === index ? null : index;
      refresh();
    }

    function refresh() {
      showScores();
      showSnapshots();
    }

    /* ---------------------------------------------------------------- actions */

    function reset() {
      if (!window.confirm("Clear every answer on this worksheet? Saved snapshots are kept.")) return;
      state.answers = {};
      writeForm(state.answers);
      save();
      refresh();
      say("All answers cleared.");
    }

    function importFile(file) {
      file.text().then(function (text) {
        var content;
        try {
          content = JSON.parse(text);
        } catch (error) {
          return fail("it is not valid JSON");
        }
        var read = readAnswers(sheet, content, true);
        if (read.error) return fail(read.error);
        if (Object.keys(state.answers).length && !window.confirm("Replace your current answers with the ones in " + file.name + "?")) {
          return say("Import cancelled; nothing was changed.");
        }
        state.answers = read.answers;
        writeForm(state.answers);
        save();
        refresh();
        var count = Object.keys(read.answers).length;
        var note = read.dropped ? " " + read.dropped + " answer(s) to questions no longer on this worksheet were left out." : "";
        say("Imported " + count + " answer" + (count === 1 ? "" : "s") + " from " + file.name + "." + note);
      }, function () {
        fail("it could not be read");
      });

      function fail(reason) {
        say("Could not import " + file.name + ": " + reason + ". Nothing was changed.", true);
      }
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
      "export-json": function () {
        download(sheet.id + "-" + today() + ".json", JSON.stringify(fileContent(sheet, state.answers), null, 2) + "\n", "application/json");
        say("Answers exported as JSON.");
      },
      "export-csv": function () {
        download(sheet.id + "-" + today() + ".csv", toCsv(sheet, state.answers), "text/csv;charset=utf-8");
        say("Answers exported as CSV.");
      },
      print: function () { window.print(); },
      "print-blank": printBlank,
      reset: reset,
      snapshot: saveSnapshot,
      compare: function (target) { toggleCompare(Number(target.dataset.index)); },
      "delete-snapshot": function (target) { deleteSnapshot(Number(target.dataset.index)); },
    };

    root.addEventListener("click", function (event) {
      var target = event.target.closest("[data-pb-action]");
      if (!target || !root.contains(target) || !actions[target.dataset.pbAction]) return;
      actions[target.dataset.pbAction](target);
    });

    function onAnswer() {
      state.answers = readForm();
      save();
      showScores();
    }
    form.addEventListener("change", onAnswer);
    form.addEventListener("input", onAnswer);
    // Enter in a text field would submit the form and reload the page.
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var picker = root.querySelector("[data-pb-import]");
    picker.addEventListener("change", function () {
      if (picker.files.length) importFile(picker.files[0]);
      picker.value = ""; // so choosing the same file again imports it again
    });

    restore();
    writeForm(state.answers);
    refresh();
  }

  pb.onPage(".pb-worksheet", init);
})(window.playbook);
