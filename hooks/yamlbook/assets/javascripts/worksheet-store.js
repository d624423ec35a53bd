/* Worksheet answers kept and carried: the checks every saved or imported file goes through,
   this browser's storage (with two tabs merged), dated snapshots, and the JSON and CSV files.
   No scoring here (worksheet-scoring.js) and no page widgets (worksheet.js, worksheet-team.js).

   Saved answers, snapshots and imported files are someone else's data: they are checked
   against the worksheet before use (wrong types and unknown fields refused, keys looked up in
   Maps or objects without a prototype) and reach the page only as input values and
   textContent. Each change is written on top of what is stored now, and answers another tab
   saves are brought into this one, so two tabs on one worksheet never lose an answer. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  var UNKNOWN = pb.scoring.UNKNOWN;
  var FORMAT_VERSION = 1;

  // The fields of a worksheet file and of one answer in it. An imported file holding anything
  // else (such as "__proto__") is refused whole. scores, gaps and plan are written for people
  // and spreadsheets; a file's own are never read: they are worked out again from its answers.
  var FILE_FIELDS = ["version", "worksheet", "saved", "respondent", "answers", "scores", "gaps", "plan"];
  var ANSWER_FIELDS = ["value", "target", "evidence"];
  var MAX_NAME = 100;

  // A worksheet file is a few kilobytes. A bigger file is refused before it is read, so a wrong
  // or hostile file can neither freeze the page nor fill the browser's storage.
  var MAX_IMPORT_BYTES = 5 * 1024 * 1024;

  /* ------------------------------------------------------------------ the worksheet */

  function questionsOf(sheet) {
    var list = [];
    sheet.sections.forEach(function (section) {
      section.questions.forEach(function (question) {
        list.push({ section: section, question: question, number: list.length + 1 });
      });
    });
    return list;
  }

  /* A Map, not an object: a key read from a file ("constructor", "__proto__") finds nothing. */
  function questionsById(sheet) {
    var byId = new Map();
    questionsOf(sheet).forEach(function (item) { byId.set(item.question.id, item); });
    return byId;
  }

  function levels(sheet) {
    return sheet.scale.map(function (level) { return level.value; });
  }

  /* ------------------------------------------------------------------ answers */

  function emptyAnswer() {
    return { value: null, target: null, evidence: "" };
  }

  function isEmpty(answer) {
    return answer.value === null && answer.target === null && answer.evidence === "";
  }

  function answerOf(answers, id) {
    return pb.hasOwn(answers, id) ? answers[id] : null;
  }

  function sameAnswers(a, b) {
    var ids = Object.keys(a).concat(Object.keys(b));
    return ids.every(function (id) { return JSON.stringify(answerOf(a, id)) === JSON.stringify(answerOf(b, id)); });
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

  /* A person's name as typed or read: one line, trimmed, at most MAX_NAME characters. */
  function cleanName(text) {
    return String(text).replace(/\s+/g, " ").trim().slice(0, MAX_NAME);
  }

  /* Check a saved or imported file's content against the worksheet. strict (for imports): any
     bad answer or unknown field rejects the whole file. Otherwise (saved answers after the data
     changed) bad answers are dropped one by one. Answers to questions that are not on the
     worksheet (any more) are always dropped and listed in `dropped`. Returns {answers, dropped,
     respondent} or {error}; answers has no prototype, so no key from the file can reach
     Object.prototype. */
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
      if (content.kind === "team") {
        return { error: "it holds a team's results, not one person's answers; add each person's own file under Team results" };
      }
      var extra = unknownField(content, FILE_FIELDS);
      if (extra !== null) {
        return { error: "it has " + quoted(extra) + ", which is not part of a worksheet file (" + FILE_FIELDS.join(", ") + ")" };
      }
      if (content.saved !== undefined && typeof content.saved !== "string") {
        return { error: "its \u201csaved\u201d is not a date" };
      }
      if (content.respondent !== undefined && typeof content.respondent !== "string") {
        return { error: "its \u201crespondent\u201d is not a name" };
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
      var problem = answerProblem(sheet, byId.get(id).question, raw[id]);
      if (problem && strict) return { error: "the answer to " + quoted(id) + " " + problem };
      if (problem) { dropped.push(id); continue; }
      var answer = normalised(raw[id]);
      if (!isEmpty(answer)) answers[id] = answer;
    }
    var respondent = typeof content.respondent === "string" ? cleanName(content.respondent) : "";
    return { answers: answers, dropped: dropped, respondent: respondent };
  }

  /* Read one chosen or dropped file: a promise of readAnswers' result, with {error} also when
     the file is too big, not JSON, unreadable or holds no answer to this worksheet. */
  function readFile(sheet, file) {
    // Checked before reading: reading a huge file could freeze the page.
    if (file.size > MAX_IMPORT_BYTES) {
      return Promise.resolve({
        error: "it is " + megabytes(file.size) + ", more than the " + megabytes(MAX_IMPORT_BYTES) + " a worksheet file may have",
      });
    }
    return file.text().then(function (text) {
      var content;
      try {
        content = JSON.parse(text);
      } catch (error) {
        return { error: "it is not valid JSON" };
      }
      var read = readAnswers(sheet, content, true);
      if (read.error) return read;
      if (!Object.keys(read.answers).length) {
        return { error: read.dropped.length ? "none of its answers are to questions on this worksheet (" + listed(read.dropped) + ")" : "it holds no answers" };
      }
      return read;
    }, function () {
      return { error: "it could not be read" };
    });
  }

  /* The note added to an import message when answers were left out. */
  function droppedNote(dropped) {
    return dropped.length ? " " + dropped.length + " answer(s) to questions not on this worksheet were left out: " + listed(dropped) + "." : "";
  }

  function megabytes(bytes) {
    var value = bytes / (1024 * 1024);
    return (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10) + " MB";
  }

  /* What is stored and exported: extra holds scores, gaps and plan for an export. */
  function fileContent(sheet, answers, respondent, extra) {
    var content = { version: FORMAT_VERSION, worksheet: sheet.id, saved: new Date().toISOString() };
    if (respondent) content.respondent = respondent;
    content.answers = answers;
    Object.keys(extra || {}).forEach(function (name) { content[name] = extra[name]; });
    return content;
  }

  /* A snapshot this page can show. Anything else in the stored list (written by another script,
     an older page or a damaged profile) is skipped and counted, never trusted. */
  function isSnapshot(entry) {
    return pb.isPlainObject(entry) && typeof entry.date === "string" && !isNaN(Date.parse(entry.date)) &&
      pb.isPlainObject(entry.scores) && pb.isPlainObject(entry.answers);
  }

  /* ------------------------------------------------------------------ this browser's storage */

  /* One worksheet's saved answers, the reader's name and snapshots. The page holds `answers`
     and `respondent`; latest() is what is stored now with this page's unsaved changes on top. */
  function open(sheet) {
    var key = "worksheet:" + sheet.id;
    var store = {
      key: key,
      snapshotKey: key + ":snapshots",
      answers: Object.create(null),
      respondent: "",
      unsaved: new Set(), // questions changed here that the browser refused to store
      nameUnsaved: false,
    };

    function stored() {
      var read = readAnswers(sheet, pb.load(key, null), false);
      return read.error ? { answers: Object.create(null), respondent: "" } : read;
    }

    /* The answers stored now, by this tab or another, with this tab's unsaved changes on top. */
    store.latest = function () {
      var read = stored();
      var answers = read.answers;
      store.unsaved.forEach(function (id) {
        if (pb.hasOwn(store.answers, id)) answers[id] = store.answers[id];
        else delete answers[id];
      });
      return { answers: answers, respondent: store.nameUnsaved ? store.respondent : read.respondent };
    };

    /* Make answers (and the name) the page's and store them; false when the browser refused to
       store (then the changed questions are remembered, so another tab's save cannot undo them). */
    store.commit = function (answers, respondent, changed, nameChanged) {
      store.answers = answers;
      store.respondent = respondent;
      var keep = Object.keys(answers).length || respondent;
      var saved = keep ? pb.save(key, fileContent(sheet, answers, respondent)) : pb.remove(key);
      if (saved) {
        store.unsaved.clear();
        store.nameUnsaved = false;
      } else {
        changed.forEach(function (id) { store.unsaved.add(id); });
        if (nameChanged) store.nameUnsaved = true;
      }
      return saved;
    };

    /* Read what is stored into the page; the reason when it cannot be read, else "". */
    store.restore = function () {
      var saved = pb.load(key, null);
      if (saved === null) return "";
      var read = readAnswers(sheet, saved, false);
      if (read.error) return read.error;
      store.answers = read.answers;
      store.respondent = read.respondent;
      return "";
    };

    /* The stored list as it is, unreadable entries included, so saving keeps them untouched. */
    store.loadSnapshots = function () {
      var list = pb.load(store.snapshotKey, []);
      return Array.isArray(list) ? list : [];
    };

    /* The readable snapshots of list, each with its place in list. */
    store.readable = function (list) {
      var found = [];
      list.forEach(function (entry, index) {
        if (isSnapshot(entry)) found.push({ index: index, snapshot: entry });
      });
      return found;
    };

    store.addSnapshot = function (snapshot) {
      var snapshots = store.loadSnapshots();
      snapshots.push(snapshot);
      return pb.save(store.snapshotKey, snapshots);
    };

    /* Remove the snapshot at index; false when the browser refused. */
    store.deleteSnapshot = function (index) {
      var snapshots = store.loadSnapshots();
      snapshots.splice(index, 1);
      return snapshots.length ? pb.save(store.snapshotKey, snapshots) : pb.remove(store.snapshotKey);
    };

    return store;
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

  function downloadJson(filename, content) {
    download(filename, JSON.stringify(content, null, 2) + "\n", "application/json");
  }

  // A spreadsheet program runs a cell that starts with one of these as a formula, so a typed
  // answer such as =HYPERLINK("http://…") would act when the file is opened (CSV injection).
  var FORMULA_START = /^[=+\-@\t\r]/;

  /* The text of one cell. Text, typed by the reader or from the data, that a spreadsheet would
     take for a formula gets a leading apostrophe, which spreadsheets read as "this is text".
     Numbers are the tool's own (levels, scores and gaps, which imports check are numbers): they
     stay bare, a negative one too, so a spreadsheet can still count with them. The JSON file
     keeps every text exactly as typed. */
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

  /* Rows of cells as a CSV file's text. */
  function toCsv(rows) {
    // The byte order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + rows.map(function (row) { return row.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function downloadCsv(filename, rows) {
    download(filename, toCsv(rows), "text/csv;charset=utf-8");
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  pb.worksheetStore = {
    FORMAT_VERSION: FORMAT_VERSION,
    MAX_NAME: MAX_NAME,
    questionsOf: questionsOf,
    questionsById: questionsById,
    emptyAnswer: emptyAnswer,
    isEmpty: isEmpty,
    answerOf: answerOf,
    sameAnswers: sameAnswers,
    quoted: quoted,
    cleanName: cleanName,
    readAnswers: readAnswers,
    readFile: readFile,
    droppedNote: droppedNote,
    fileContent: fileContent,
    isSnapshot: isSnapshot,
    open: open,
    downloadJson: downloadJson,
    downloadCsv: downloadCsv,
    today: today,
  };
})(window.playbook);
