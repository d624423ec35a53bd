/* Team results on a worksheet (the "Team results" section of worksheet.html.j2): several
   people's exported files, added at once by the file picker or by drag and drop, each kept as
   a named respondent in this browser; the spread of answers per question, the disagreements to
   talk about, team scores from the median answers (worksheet-scoring.js's aggregateTeam, the
   rules of hooks/yamlbook/scoring.py), the team's band, top gaps and action plan, and files.

   Every file goes through the same checks as an import of one's own answers
   (worksheet-store.js); a bad file is refused with its own reason while the others are added.
   Names and answers from files reach the page only as input values and textContent. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";

  var scoring = pb.scoring;
  var store = pb.worksheetStore;
  var plan = pb.worksheetPlan;
  var TEAM_VERSION = 1;
  var RESPONDENT_ID = /^r[0-9]{1,12}$/;

  var element = pb.element;

  /* "Ana", "Ana and Ben", "Ana, Ben and Cy". */
  function joined(names) {
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  /* A file's name as a respondent's name: "ana-lopez.json" gives "ana-lopez". */
  function nameFromFile(fileName) {
    return store.cleanName(String(fileName).replace(/\.json$/i, ""));
  }

  function init(root, ctx, hooks) {
    var view = pb.worksheetView;
    var sheet = ctx.sheet;
    var key = "worksheet:" + sheet.id + ":team";
    var section = root.querySelector("[data-pb-team]");
    var status = section.querySelector("[data-pb-team-status]");
    var body = section.querySelector("[data-pb-team-body]");
    var list = section.querySelector("[data-pb-respondents]");
    var state = { respondents: [], unsaved: false, aggregate: null };

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("pb-ws-status--error", Boolean(isError));
    }

    /* ---------------------------------------------------------------- storage */

    /* The respondents stored now, each checked as an import is; {respondents, bad}. */
    function load() {
      var content = pb.load(key, null);
      if (content === null) return { respondents: [], bad: 0 };
      if (!pb.isPlainObject(content) || content.version !== TEAM_VERSION || content.worksheet !== sheet.id ||
          !Array.isArray(content.respondents)) {
        return { respondents: [], bad: 1 };
      }
      var found = [], seen = new Set(), bad = 0;
      content.respondents.forEach(function (entry) {
        var ok = pb.isPlainObject(entry) && typeof entry.id === "string" && RESPONDENT_ID.test(entry.id) &&
          !seen.has(entry.id) && typeof entry.name === "string" && typeof entry.source === "string";
        var read = ok ? store.readAnswers(sheet, { version: store.FORMAT_VERSION, worksheet: sheet.id, answers: entry.answers }, false) : null;
        if (!ok || read.error) { bad += 1; return; }
        seen.add(entry.id);
        found.push({ id: entry.id, name: store.cleanName(entry.name), source: entry.source.slice(0, 200), answers: read.answers });
      });
      return { respondents: found, bad: bad };
    }

    function save(respondents) {
      if (!respondents.length) return pb.remove(key);
      return pb.save(key, {
        version: TEAM_VERSION, worksheet: sheet.id,
        respondents: respondents.map(function (r) { return { id: r.id, name: r.name, source: r.source, answers: r.answers }; }),
      });
    }

    /* Change the team on top of what is stored now (another tab may have added people), store it
       and show it; false when the browser refused to store (the team is kept on this page). */
    function change(modify) {
      var respondents = state.unsaved ? state.respondents : load().respondents;
      modify(respondents);
      state.respondents = respondents;
      var ok = save(respondents);
      state.unsaved = !ok;
      render();
      return ok;
    }

    function newId(respondents) {
      var highest = 0;
      respondents.forEach(function (r) { highest = Math.max(highest, Number(r.id.slice(1))); });
      return "r" + (highest + 1);
    }

    var NOT_SAVED = pb.notSavedMessage("the team's answers are") + "; export the team results to keep them.";

    /* Add one respondent unless the same person with the same answers is there already. */
    function added(respondents, name, source, answers) {
      var twin = respondents.some(function (r) { return r.name === name && store.sameAnswers(r.answers, answers); });
      if (twin) return false;
      respondents.push({ id: newId(respondents), name: name, source: source, answers: answers });
      return true;
    }

    function addFiles(files) {
      Promise.all(files.map(function (file) {
        return store.readFile(sheet, file).then(function (read) { return { file: file, read: read }; });
      })).then(function (results) {
        var names = [], problems = [];
        var ok = change(function (respondents) {
          results.forEach(function (result) {
            var file = result.file, read = result.read;
            if (read.error) {
              problems.push("Could not add " + file.name + ": " + read.error + ".");
              return;
            }
            var name = read.respondent || nameFromFile(file.name) || "Respondent " + (respondents.length + 1);
            if (!added(respondents, name, String(file.name).slice(0, 200), read.answers)) {
              problems.push(file.name + " is in the team already.");
              return;
            }
            names.push(name + (read.dropped.length ? " (" + read.dropped.length + " answer(s) to questions not on this worksheet left out)" : ""));
          });
        });
        var message = names.length ? "Added " + names.length + (names.length === 1 ? " respondent: " : " respondents: ") + joined(names) + "." : "";
        message = [message].concat(problems).join(" ").trim();
        if (!ok) message += " " + NOT_SAVED;
        say(message, problems.length > 0 || !ok);
      });
    }

    function addMine() {
      var mine = hooks.mine();
      if (!Object.keys(mine.answers).length) {
        say("You have not answered any question on this worksheet yet.", true);
        return;
      }
      var name = mine.respondent || "Me";
      var fresh = false;
      var ok = change(function (respondents) { fresh = added(respondents, name, "", mine.answers); });
      var message = fresh ? "Added your answers as " + name + "." : "Your answers are in the team already.";
      say(ok ? message : message + " " + NOT_SAVED, !fresh || !ok);
    }

    function find(id) {
      return state.respondents.filter(function (r) { return r.id === id; })[0] || null;
    }

    function rename(input, final) {
      var id = input.dataset.pbRespondentName;
      var name = final ? store.cleanName(input.value) : input.value.slice(0, store.MAX_NAME);
      if (final && !name) name = (find(id) && nameFromFile(find(id).source)) || "Respondent"; // never nameless
      var ok = change(function (respondents) {
        respondents.forEach(function (r) { if (r.id === id) r.name = name; });
      });
      if (final && input.value !== name) input.value = name;
      if (!ok) say(NOT_SAVED, true);
    }

    function remove(id) {
      var respondent = find(id);
      if (!respondent || !window.confirm("Remove " + respondent.name + " from the team results?")) return;
      var ok = change(function (respondents) {
        for (var i = respondents.length - 1; i >= 0; i--) if (respondents[i].id === id) respondents.splice(i, 1);
      });
      say(ok ? respondent.name + " was removed from the team results." : NOT_SAVED, !ok);
    }

    function removeAll() {
      var count = state.respondents.length;
      if (!count || !window.confirm("Remove all " + count + " respondents from the team results?")) return;
      var ok = change(function (respondents) { respondents.length = 0; });
      say(ok ? "Everyone was removed from the team results." : NOT_SAVED, !ok);
    }

    /* ---------------------------------------------------------------- on screen */

    function respondentItem(respondent, index) {
      var item = element("li", "pb-ws-respondent");
      item.dataset.pbRespondent = respondent.id;
      var id = "pb-ws__" + sheet.id + "__respondent-" + respondent.id;
      var label = element("label", "pb-visually-hidden", "Name of respondent " + (index + 1));
      label.htmlFor = id;
      var input = element("input", "pb-ws-respondent__name");
      input.type = "text";
      input.id = id;
      input.maxLength = store.MAX_NAME;
      input.autocomplete = "off";
      input.value = respondent.name;
      input.dataset.pbRespondentName = respondent.id;
      var count = Object.keys(respondent.answers).length;
      var from = element("span", "pb-ws-respondent__from",
        (respondent.source ? "from " + respondent.source + ", " : "") + count + (count === 1 ? " answer" : " answers"));
      var button = element("button", "pb-ws-small-button", "Remove");
      button.type = "button";
      button.dataset.pbTeamAction = "remove";
      button.dataset.id = respondent.id;
      button.appendChild(element("span", "pb-visually-hidden", " " + respondent.name));
      item.append(label, input, " ", from, " ", button);
      return item;
    }

    /* The list of respondents, rebuilt unless a name in it is being typed. */
    function showRespondents() {
      var typing = list.contains(document.activeElement);
      var ids = state.respondents.map(function (r) { return r.id; }).join(",");
      if (typing && list.dataset.ids === ids) {
        state.respondents.forEach(function (r) {
          var hidden = list.querySelector('[data-pb-respondent="' + r.id + '"] button .pb-visually-hidden');
          if (hidden) hidden.textContent = " " + r.name;
        });
        return;
      }
      list.textContent = "";
      state.respondents.forEach(function (r, i) { list.appendChild(respondentItem(r, i)); });
      list.dataset.ids = ids;
    }

    /* How a question's answer reads: a level, yes, no, ? for unknown, – for none. */
    function answerText(question, answer) {
      if (!answer || answer.value === null) return "\u2013";
      if (answer.value === scoring.UNKNOWN) return "?";
      return String(answer.value);
    }

    /* A number on a question's own scale as the team view shows it (yes/no for yes-no). */
    function spreadText(question, value) {
      if (value === null) return "\u2014";
      if (question.type === "yes-no") return value === 1 ? "yes" : value === 0 ? "no" : "split";
      return plan.level(value);
    }

    function showTalk(team) {
      var talk = section.querySelector("[data-pb-talk]");
      talk.textContent = "";
      team.talk_about.forEach(function (id) {
        var entry = ctx.byId.get(id), question = entry.question, spread = team.questions[id];
        var item = element("li", "pb-ws-talk__item");
        item.dataset.pbTalk = id;
        var label = plan.questionLabel({ number: entry.number, text: question.text });
        var summary = question.type === "yes-no" ?
          "both yes and no" :
          "answers from " + plan.level(spread.min) + " to " + plan.level(spread.max) + ", median " + plan.level(spread.median);
        if (spread.unknown) summary += ", " + spread.unknown + " unknown";
        var who = state.respondents.map(function (r) {
          return r.name + " " + answerText(question, store.answerOf(r.answers, id));
        }).join(" \u00b7 ");
        item.append(label, " ", element("span", "pb-ws-gap__numbers", summary), element("span", "pb-ws-talk__who", who));
        talk.appendChild(item);
      });
      talk.hidden = team.talk_about.length === 0;
      section.querySelector("[data-pb-talk-empty]").hidden = team.talk_about.length > 0;
    }

    function showSpread(team) {
      section.querySelectorAll("[data-pb-spread]").forEach(function (row) {
        var id = row.dataset.pbSpread;
        var question = ctx.byId.get(id).question, spread = team.questions[id];
        var cells = {
          min: spreadText(question, spread.min), median: spreadText(question, spread.median),
          max: spreadText(question, spread.max), target: question.type === "rating" ? spreadText(question, spread.target_median) : "",
          unknown: String(spread.unknown), missing: String(spread.missing),
        };
        Object.keys(cells).forEach(function (name) { row.querySelector(".pb-ws-spread__" + name).textContent = cells[name]; });
        row.classList.toggle("pb-ws-spread--disagree", spread.disagreement);
        row.querySelector(".pb-ws-spread__flag").hidden = !spread.disagreement;
      });
    }

    function render() {
      var respondents = state.respondents;
      body.hidden = respondents.length === 0;
      section.querySelector("[data-pb-team-empty]").hidden = respondents.length > 0;
      section.classList.toggle("pb-ws-team--empty", respondents.length === 0);
      showRespondents();
      section.querySelector("[data-pb-team-names]").textContent = respondents.length ?
        respondents.length + (respondents.length === 1 ? " respondent: " : " respondents: ") + joined(respondents.map(function (r) { return r.name; })) + "." : "";
      state.aggregate = null;
      if (!respondents.length) return;
      var team = scoring.aggregateTeam(sheet, respondents.map(function (r) { return { name: r.name, answers: r.answers }; }), ctx.rules);
      state.aggregate = team;
      showTalk(team);
      view.showTable(section.querySelector('[data-pb-scores="team"]'), team.scores, { ranges: team.ranges });
      view.showChart(section.querySelector('[data-pb-chart="team"]'), team.scores, { ranges: team.ranges });
      var band = section.querySelector("[data-pb-team-band]");
      band.dataset.band = team.scores.band || "";
      band.dataset.provisional = team.scores.provisional ? "true" : "";
      band.textContent = view.bandSentence(ctx, team.scores, "The team's band") || "No band yet: no one has answered a scored question.";
      var gaps = plan.top(team.scores, ctx.rules);
      plan.showGaps(section.querySelector("[data-pb-team-gaps]"), section.querySelector("[data-pb-team-gaps-empty]"), gaps, ctx);
      plan.showPlan(section.querySelector("[data-pb-team-plan]"), section.querySelector("[data-pb-team-plan-empty]"), gaps, ctx);
      section.classList.toggle("pb-ws-team--no-gaps", gaps.length === 0);
      showSpread(team);
    }

    /* ---------------------------------------------------------------- files */

    function exportJson() {
      var team = state.aggregate;
      var content = {
        version: store.FORMAT_VERSION, worksheet: sheet.id, kind: "team", saved: new Date().toISOString(),
        respondents: state.respondents.map(function (r) { return { name: r.name, answers: r.answers }; }),
        team: {
          respondents: team.respondents, questions: team.questions, talk_about: team.talk_about,
          scores: view.scoresForFile(team.scores), ranges: team.ranges,
        },
        gaps: view.gapsForFile(team.scores.gaps, ctx),
        plan: plan.forExport(plan.top(team.scores, ctx.rules), ctx),
      };
      store.downloadJson(sheet.id + "-team-" + store.today() + ".json", content);
      say("Team results exported as JSON.");
    }

    /* One row per scored question (each person's answer, the spread, the team's gap), then the
       team's scores. */
    function exportCsv() {
      var team = state.aggregate;
      var people = state.respondents;
      var rows = [["section", "question id", "question"].concat(people.map(function (r) { return r.name; }),
        ["lowest", "median", "highest", "target (median)", "team gap", "unknown", "no answer", "talk about it"])];
      store.questionsOf(sheet).forEach(function (item) {
        var question = item.question, spread = team.questions[question.id];
        if (!spread) return;
        var answers = people.map(function (r) {
          var answer = store.answerOf(r.answers, question.id);
          return answer && answer.value !== null ? answer.value : null;
        });
        var yesNo = question.type === "yes-no";
        var number = function (value) { return yesNo ? (value === null ? null : spreadText(question, value)) : value; };
        var gap = !yesNo && spread.median !== null && spread.target_median !== null ? spread.target_median - spread.median : null;
        rows.push([item.section.title, question.id, question.text].concat(answers, [
          number(spread.min), number(spread.median), number(spread.max), yesNo ? null : spread.target_median, gap,
          spread.unknown, spread.missing, spread.disagreement ? "yes" : "",
        ]));
      });
      rows.push([]);
      rows.push(["score", "team", "lowest", "highest", "answered", "of"]);
      section.querySelectorAll('[data-pb-scores="team"] [data-pb-score]').forEach(function (row) {
        var cell = row.querySelector(".pb-ws-now"), range = row.querySelector(".pb-ws-range");
        var coverage = row.querySelector(".pb-ws-coverage");
        var span = range && range.dataset.value ? range.dataset.value.split(",").map(Number) : [null, null];
        rows.push([row.querySelector("th").textContent, cell.dataset.value === "" ? null : Number(cell.dataset.value), span[0], span[1],
                   coverage && coverage.dataset.answered ? Number(coverage.dataset.answered) : null,
                   coverage && coverage.dataset.total ? Number(coverage.dataset.total) : null]);
      });
      store.downloadCsv(sheet.id + "-team-" + store.today() + ".csv", rows);
      say("Team results exported as CSV.");
    }

    /* ---------------------------------------------------------------- wiring */

    var actions = {
      "add-mine": addMine,
      "export-json": exportJson,
      "export-csv": exportCsv,
      print: function () { view.printWith("pb-print-team"); },
      "remove-all": removeAll,
      remove: function (target) { remove(target.dataset.id); },
    };

    section.addEventListener("click", function (event) {
      var target = event.target.closest("[data-pb-team-action]");
      if (!target || !section.contains(target) || !pb.hasOwn(actions, target.dataset.pbTeamAction)) return;
      actions[target.dataset.pbTeamAction](target);
    });
    list.addEventListener("input", function (event) {
      if (event.target.dataset.pbRespondentName) rename(event.target, false);
    });
    list.addEventListener("change", function (event) {
      if (event.target.dataset.pbRespondentName) rename(event.target, true);
    });

    var picker = section.querySelector("[data-pb-team-import]");
    picker.addEventListener("change", function () {
      var files = Array.from(picker.files);
      picker.value = ""; // so choosing the same files again reads them again
      if (files.length) addFiles(files);
    });

    var zone = section.querySelector("[data-pb-drop]");
    function carriesFiles(event) {
      return Boolean(event.dataTransfer) && Array.prototype.indexOf.call(event.dataTransfer.types || [], "Files") >= 0;
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        if (!carriesFiles(event)) return;
        event.preventDefault(); // without it the browser would open the file instead
        event.dataTransfer.dropEffect = "copy";
        zone.classList.add("pb-ws-drop--over");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("pb-ws-drop--over"); });
    zone.addEventListener("drop", function (event) {
      zone.classList.remove("pb-ws-drop--over");
      if (!event.dataTransfer) return;
      event.preventDefault();
      var files = Array.from(event.dataTransfer.files || []);
      if (files.length) addFiles(files);
    });

    pb.onOtherTabSave([key], section, function () {
      if (state.unsaved) return; // this page's team is not stored; keep showing it
      state.respondents = load().respondents;
      render();
    });

    var first = load();
    state.respondents = first.respondents;
    if (first.bad) {
      say(first.bad === 1 ? "One saved respondent could not be read and is left out." :
        first.bad + " saved respondents could not be read and are left out.", true);
    }
    render();
  }

  pb.worksheetTeam = { init: init };
})(window.playbook);
