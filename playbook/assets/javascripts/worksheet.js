/* Self-assessment worksheets (hooks/templates/worksheet.html.j2): answers saved in this
   browser, live scores, JSON and CSV files, dated snapshots and printing.

   The scoring rules are those of hooks/yamlbook/scoring.py, the reference; scoreWorksheet below
   repeats them in the same order of floating-point operations, so both give the same numbers
   (tests/browser/test_worksheets.py checks it). Answers are keyed by question id, never by
   position, so rewording or reordering the data keeps what a reader already answered.

   Saved answers, snapshots and imported files are someone else's data: they are checked
   against the worksheet before use (wrong types and unknown fields refused, keys looked up in
   Maps or objects without a prototype) and reach the page only as input values and
   textContent. Each change is written on top of what is stored now, and answers another tab
   saves are brought into this one, so two tabs on one worksheet never lose an answer. */
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

  // The fields of a worksheet file and of one answer in it. An imported file holding anything
  // else (such as "__proto__") is refused whole.
  var FILE_FIELDS = ["version", "worksheet", "saved", "answers"];
  var ANSWER_FIELDS = ["value", "target", "evidence"];

  function questionsOf(sheet) {
    var list = [];
    sheet.sections.forEach(function (section) {
      section.questions.forEach(function (question) {
        list.push({ section: section, question: question });
      });
    });
    return list;
  }

  /* A Map, not an object: a key read from a file ("constructor", "__proto__") finds nothing. */
  function questionsById(sheet) {
    var byId = new Map();
    questionsOf(sheet).forEach(function (item) { byId.set(item.question.id, item.question); });
    return byId;
  }

  function levels(sheet) {
    return sheet.scale.map(function (level) { return level.value; });
  }

  function emptyAnswer() {
    return { value: null, target: null, evidence: "" };
  }

  function isEmpty(answer) {
    return answer.value === null && answer.target === null && answer.evidence === "";
  }

  /* Text from a file or from storage, shortened and quoted, for a message (always shown as text). */
  function quoted(text) {
    var value = String(text);
    return "\u201c" + (value.length > 60 ? value.slice(0, 59) + "\u2026" : value) + "\u201d";
  }

  /* A value read from a file (never undefined there), as JSON, shortened, for a message. */
  function described(value) {
    var text = JSON.stringify(value);
    return text.length > 60 ? text.slice(0, 59) + "\u2026" : text;
  }

  function listed(ids) {
    var shown = ids.slice(0, 5).map(quoted).join(", ");
    return ids.length > 5 ? shown + " and " + (ids.length - 5) + " more" : shown;
  }

  /* The first of object's own keys that is not in allowed, or null. */
  function unknownField(object, allowed) {
    var names = Object.keys(object);
    for (var i = 0; i < names.length; i++) {
      if (allowed.indexOf(names[i]) === -1) return names[i];
    }
    return null;
  }

  /* Why an answer cannot belong to a question, or "" when it can. Missing fields mean unanswered. */
  function answerProblem(sheet, question, answer) {
    if (!pb.isPlainObject(answer)) return "is not an answer object";
    var extra = unknownField(answer, ANSWER_FIELDS);
    if (extra !== null) return "has " + quoted(extra) + ", which is not part of an answer (" + ANSWER_FIELDS.join(", ") + ")";
    var value = answer.value === undefined ? null : answer.value;
    var target = answer.target === undefined ? null : answer.target;
    var evidence = answer.evidence === undefined ? "" : answer.evidence;
    var scale = levels(sheet);
    if (typeof evidence !== "string") return "has evidence that is not text";
    if (question.type === "rating") {
      if (value !== null && value !== UNKNOWN && scale.indexOf(value) < 0) {
        return "has " + described(value) + ", which is not a level of the scale (" + scale.join(", ") + ") or \"unknown\"";
      }
      if (target !== null && scale.indexOf(target) < 0) {
        return "has a target of " + described(target) + ", which is not a level of the scale";
      }
    } else {
      if (question.type === "yes-no" && value !== null && value !== "yes" && value !== "no") {
        return "has " + described(value) + " where \"yes\" or \"no\" was expected";
      }
      if (question.type === "text" && value !== null && typeof value !== "string") return "has an answer that is not text";
      if (target !== null) return "has a target, but only rating questions have one";
    }
    return "";
  }

  /* A fresh answer holding only the checked fields, never the object that was read. */
  function normalised(answer) {
    return {
      // An empty text answer is no answer, as in the form.
      value: answer.value === undefined || answer.value === "" ? null : answer.value,
      target: answer.target === undefined ? null : answer.target,
      evidence: answer.evidence === undefined ? "" : answer.evidence,
    };
  }

  /* Check a saved or imported file's content against the worksheet. strict (for imports): any
     bad answer or unknown field rejects the whole file. Otherwise (saved answers after the data
     changed) bad answers are dropped one by one. Answers to questions that are not on the
     worksheet (any more) are always dropped and listed in `dropped`. Returns {answers, dropped}
     or {error}; answers has no prototype, so no key from the file can reach Object.prototype. */
  function readAnswers(sheet, content, strict) {
    if (!pb.isPlainObject(content)) {
      return { error: "it does not hold saved worksheet answers" };
    }
    if (content.version !== FORMAT_VERSION) {
      return { error: "it is not in a format this page can read (version " + FORMAT_VERSION + " expected)" };
    }
    if (typeof content.worksheet !== "string") {
      return { error: "it does not name the worksheet its answers are for" };
    }
    if (content.worksheet !== sheet.id) {
      return { error: "it holds answers for the worksheet " + quoted(content.worksheet) + ", not for this one (" + quoted(sheet.id) + ")" };
    }
    if (strict) {
      var extra = unknownField(content, FILE_FIELDS);
      if (extra !== null) {
        return { error: "it has " + quoted(extra) + ", which is not part of a worksheet file (" + FILE_FIELDS.join(", ") + ")" };
      }
      if (content.saved !== undefined && typeof content.saved !== "string") {
        return { error: "its \u201csaved\u201d is not a date" };
      }
    }
    var raw = content.answers;
    if (!pb.isPlainObject(raw)) return { error: "its \u201canswers\u201d is not an object" };
    var byId = questionsById(sheet);
    var answers = Object.create(null), dropped = [];
    var ids = Object.keys(raw);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      if (!pb.ID_PATTERN.test(id)) {
        if (strict) return { error: "its answers hold " + quoted(id) + ", which cannot be a question id" };
        continue;
      }
      if (!byId.has(id)) { dropped.push(id); continue; }
      var problem = answerProblem(sheet, byId.get(id), raw[id]);
      if (problem && strict) return { error: "the answer to " + quoted(id) + " " + problem };
      if (problem) { dropped.push(id); continue; }
      var answer = normalised(raw[id]);
      if (!isEmpty(answer)) answers[id] = answer;
    }
    return { answers: answers, dropped: dropped };
  }

  function answerOf(answers, id) {
    return pb.hasOwn(answers, id) ? answers[id] : null;
  }

  function sameAnswers(a, b) {
    var ids = Object.keys(a).concat(Object.keys(b));
    return ids.every(function (id) { return JSON.stringify(answerOf(a, id)) === JSON.stringify(answerOf(b, id)); });
  }

  /* The scorer's flat form: {questionId: value}. */
  function flatAnswers(answers) {
    var flat = Object.create(null);
    Object.keys(answers).forEach(function (id) {
      if (answers[id].value !== null) flat[id] = answers[id].value;
    });
    return flat;
  }

  function fileContent(sheet, answers) {
    return { version: FORMAT_VERSION, worksheet: sheet.id, saved: new Date().toISOString(), answers: answers };
  }

  /* A snapshot this page can show. Anything else in the stored list (written by another script,
     an older page or a damaged profile) is skipped and counted, never trusted. */
  function isSnapshot(entry) {
    return pb.isPlainObject(entry) && typeof entry.date === "string" && !isNaN(Date.parse(entry.date)) &&
      pb.isPlainObject(entry.scores) && pb.isPlainObject(entry.answers);
  }

  /* ------------------------------------------------------------------ files */

  // A worksheet file is a few kilobytes. A bigger file is refused before it is read, so a wrong
  // or hostile file can neither freeze the page nor fill the browser's storage.
  var MAX_IMPORT_BYTES = 5 * 1024 * 1024;

  function megabytes(bytes) {
    var value = bytes / (1024 * 1024);
    return (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10) + " MB";
  }

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

  // A spreadsheet program runs a cell that starts with one of these as a formula, so a typed
  // answer such as =HYPERLINK("http://…") would act when the file is opened (CSV injection).
  var FORMULA_START = /^[=+\-@\t\r]/;

  /* The text of one cell. Text, typed by the reader or from the data, that a spreadsheet would
     take for a formula gets a leading apostrophe, which spreadsheets read as "this is text".
     Numbers are the tool's own (levels of the scale, which imports check are numbers of the
     scale): they stay bare, a negative one too, so a spreadsheet can still count with them.
     The JSON file keeps every text exactly as typed. */
  function csvText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return String(value);
    var text = String(value);
    return FORMULA_START.test(text) ? "'" + text : text;
  }

  /* RFC 4180: quote a field holding a comma, quote, line break or tab; double the quotes. */
  function csvField(value) {
    var text = csvText(value);
    return /[",\r\n\t]/.test(text) || text.trim() !== text ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(sheet, answers) {
    var rows = [["section", "question id", "question", "answer", "target", "evidence"]];
    questionsOf(sheet).forEach(function (item) {
      var answer = answerOf(answers, item.question.id) || emptyAnswer();
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

  /* The value a score row shows, from a result of scoreWorksheet or a stored snapshot's scores:
     anything but a finite number (a damaged snapshot) shows as no score. */
  function scoreOf(result, key) {
    if (!pb.isPlainObject(result)) return null;
    var value = null;
    if (key.indexOf("section:") === 0) {
      var sections = result.sections, id = key.slice("section:".length);
      if (pb.isPlainObject(sections) && pb.hasOwn(sections, id)) value = sections[id];
    } else if (pb.hasOwn(result, key)) {
      value = result[key];
    }
    return typeof value === "number" && isFinite(value) ? value : null;
  }

  function setCell(cell, key, value) {
    cell.textContent = formatScore(key, value);
    cell.dataset.value = value === null ? "" : String(value);
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

  /* ------------------------------------------------------------------ the widget */

  function init(root) {
    var definition = root.querySelector("template.pb-worksheet-def");
    var sheet = JSON.parse(definition.content.textContent);
    var key = "worksheet:" + sheet.id;
    var snapshotKey = key + ":snapshots";
    var form = root.querySelector(".pb-ws-form");
    var status = root.querySelector("[data-pb-status]");
    var byId = questionsById(sheet);
    var allIds = Array.from(byId.keys());
    var controls = controlsByName(form);
    var NOT_SAVED = pb.notSavedMessage("your answers are") + "; export them to keep them.";
    var state = {
      answers: Object.create(null),
      compare: null, // the date of the snapshot whose scores are shown beside the current ones
      unsaved: new Set(), // questions changed here that the browser refused to store
      warned: false, // the status line says NOT_SAVED
    };

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("pb-ws-status--error", Boolean(isError));
      state.warned = false;
    }

    /* Say so when the browser refused to store; take the warning back once it stores again. */
    function reportSaving(saved) {
      if (!saved) {
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
        if (control.type === "radio") control.checked = value !== null && control.value === value;
        else if (control.value !== (value === null ? "" : value)) control.value = value === null ? "" : value;
      });
    }

    function readQuestion(question) {
      var answer = emptyAnswer();
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
    function writeForm(answers) {
      byId.forEach(function (question, id) {
        var answer = answerOf(answers, id) || emptyAnswer();
        setValue(id, answer.value === null ? null : String(answer.value));
        if (question.type === "rating") setValue(id + "--target", answer.target === null ? null : String(answer.target));
        setValue(id + "--evidence", answer.evidence);
      });
    }

    /* ---------------------------------------------------------------- storage */

    /* The answers stored now, by this tab or another, with this tab's unsaved changes on top. */
    function latest() {
      var read = readAnswers(sheet, pb.load(key, null), false);
      var answers = read.error ? Object.create(null) : read.answers;
      state.unsaved.forEach(function (id) {
        if (pb.hasOwn(state.answers, id)) answers[id] = state.answers[id];
        else delete answers[id];
      });
      return answers;
    }

    /* Make answers this page's, store and show them; false when the browser refused to store
       (then the changed questions are remembered, so another tab's save cannot undo them). */
    function commit(answers, changed) {
      state.answers = answers;
      var saved = Object.keys(answers).length ? pb.save(key, fileContent(sheet, answers)) : pb.remove(key);
      if (saved) state.unsaved.clear();
      else changed.forEach(function (id) { state.unsaved.add(id); });
      writeForm(answers);
      showScores();
      return saved;
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

    /* One question changed: write it on top of what is stored now, so the answers another tab
       saved in the meantime are kept, and show those too. */
    function onAnswer(event) {
      var block = event.target.closest("[data-pb-question]");
      var id = block ? block.dataset.pbQuestion : null;
      if (!id || !byId.has(id)) return;
      var answers = latest();
      var answer = readQuestion(byId.get(id));
      if (isEmpty(answer)) delete answers[id];
      else answers[id] = answer;
      reportSaving(commit(answers, [id]));
    }

    function onOtherTab(changedKey) {
      if (changedKey !== snapshotKey) {
        var answers = latest();
        if (!sameAnswers(answers, state.answers)) {
          state.answers = answers;
          writeForm(answers);
          if (state.unsaved.size) reportSaving(false);
          else say("Updated with the answers saved in another tab or window of this browser.");
        }
      }
      refresh();
    }

    /* ---------------------------------------------------------------- scores on screen */

    function showScores() {
      var result = scoreWorksheet(sheet, flatAnswers(state.answers));
      var snapshot = comparedSnapshot();
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

    /* The stored list as it is, unreadable entries included, so saving keeps them untouched. */
    function loadSnapshots() {
      var list = pb.load(snapshotKey, []);
      return Array.isArray(list) ? list : [];
    }

    /* The readable snapshots of list, each with its place in list. */
    function readable(list) {
      var found = [];
      list.forEach(function (entry, index) {
        if (isSnapshot(entry)) found.push({ index: index, snapshot: entry });
      });
      return found;
    }

    /* The snapshot being compared, or null (also when another tab deleted it). */
    function comparedSnapshot() {
      if (state.compare === null) return null;
      var match = readable(loadSnapshots()).filter(function (entry) { return entry.snapshot.date === state.compare; })[0];
      if (!match) state.compare = null;
      return match ? match.snapshot : null;
    }

    function summary(scores) {
      var parts = [];
      STREAMS.concat(["overall", "gap"]).forEach(function (name) {
        var value = scoreOf(scores, name);
        if (value !== null) parts.push(name.charAt(0).toUpperCase() + name.slice(1) + " " + formatScore(name, value));
      });
      if (typeof scores.band === "string" && scores.band) parts.push("band " + scores.band);
      var unknown = scoreOf(scores, "unknown");
      if (unknown !== null) parts.push(unknown + " unknown");
      return parts.join(" · ");
    }

    function showSnapshots() {
      var list = root.querySelector("[data-pb-snapshots]");
      var stored = loadSnapshots();
      var shown = readable(stored);
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
      var snapshots = loadSnapshots();
      var scores = scoreWorksheet(sheet, flatAnswers(state.answers));
      var snapshot = { date: new Date().toISOString(), scores: scores, answers: state.answers };
      snapshots.push(snapshot);
      if (!pb.save(snapshotKey, snapshots)) {
        say("Could not save the snapshot in this browser (storage full or blocked); export your answers to keep them.", true);
        return;
      }
      state.compare = snapshot.date;
      refresh();
      say("Snapshot saved: " + summary(scores) + ".");
    }

    function deleteSnapshot(index) {
      var snapshots = loadSnapshots();
      var snapshot = snapshots[index];
      if (!isSnapshot(snapshot) || !window.confirm("Delete the snapshot of " + formatDate(snapshot.date) + "?")) return;
      snapshots.splice(index, 1);
      if (!(snapshots.length ? pb.save(snapshotKey, snapshots) : pb.remove(snapshotKey))) {
        say("Could not delete the snapshot: this browser does not allow changes to its storage.", true);
        return;
      }
      if (state.compare === snapshot.date) state.compare = null;
      refresh();
      say("Snapshot deleted.");
    }

    function toggleCompare(index) {
      var snapshot = loadSnapshots()[index];
      if (!isSnapshot(snapshot)) return;
      state.compare = state.compare === snapshot.date ? null : snapshot.date;
      refresh();
    }

    function refresh() {
      showScores();
      showSnapshots();
    }

    /* ---------------------------------------------------------------- actions */

    function reset() {
      if (!window.confirm("Clear every answer on this worksheet? Saved snapshots are kept.")) return;
      if (commit(Object.create(null), allIds)) say("All answers cleared.");
      else reportSaving(false);
      refresh();
    }

    function importFile(file) {
      // Checked before reading: reading a huge file could freeze the page.
      if (file.size > MAX_IMPORT_BYTES) {
        return fail("it is " + megabytes(file.size) + ", more than the " + megabytes(MAX_IMPORT_BYTES) + " a worksheet file may have");
      }
      file.text().then(function (text) {
        var content;
        try {
          content = JSON.parse(text);
        } catch (error) {
          return fail("it is not valid JSON");
        }
        var read = readAnswers(sheet, content, true);
        if (read.error) return fail(read.error);
        var count = Object.keys(read.answers).length;
        if (!count) {
          return fail(read.dropped.length ? "none of its answers are to questions on this worksheet (" + listed(read.dropped) + ")" : "it holds no answers");
        }
        if (Object.keys(state.answers).length && !window.confirm("Replace your current answers with the ones in " + file.name + "?")) {
          return say("Import cancelled; nothing was changed.");
        }
        var saved = commit(read.answers, allIds);
        refresh();
        var note = read.dropped.length ? " " + read.dropped.length + " answer(s) to questions not on this worksheet were left out: " + listed(read.dropped) + "." : "";
        if (!saved) {
          say(pb.notSavedMessage("the answers read from " + file.name + " are") + "; export them to keep them." + note, true);
          state.warned = true;
          return;
        }
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
    pb.onOtherTabSave([key, snapshotKey], root, onOtherTab);

    restore();
    writeForm(state.answers);
    refresh();
  }

  pb.onPage(".pb-worksheet", init);
})(window.playbook);
