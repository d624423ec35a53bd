/* Onboarding path: task ticks and quiz answers kept in this browser, feedback on each checked
   answer, a score per stage and the progress through the whole path.

   A question's feedback stays hidden while the reader chooses; pressing its Check button shows
   whether the chosen answer is right, and why. The first check of a question is its answer for
   the score: checking another choice later shows that choice's feedback but never changes what
   was scored.

   Stored under "onboarding:<path id>" as
   {tasks: {taskId: true}, answers: {questionId: choiceKey}, latest: {questionId: choiceKey}}:
   answers holds the first checked choice (the scored one), latest the last checked choice (the
   one shown again after a reload). A choice's key is its text (pb.textKeys: a text repeated
   within one question gets a number). Progress counts ticked tasks and checked questions, so
   the path is complete when every task is done and every question checked; the score counts
   the questions whose first check was right. Every change is written on top of what is stored
   now, and a change saved in another tab is shown here at once, so two tabs never undo each
   other's work (and a question checked first in another tab keeps that tab's first answer). */
(function (pb) {
  "use strict";

  var RESET_QUESTION = "Clear all your ticks and quiz answers on this path? This cannot be undone.";
  var NOT_SAVED = pb.notSavedMessage("your ticks and answers are") + ".";
  var CHOOSE_FIRST = "Choose an answer first, then press Check.";
  var SCORED_RIGHT = "Your first check was right; that is what your score counts.";
  var SCORED_WRONG = "Your first check was not right; that is what your score counts. " +
    "Try the other answers to see why.";

  function emptyProgress() {
    return { tasks: Object.create(null), answers: Object.create(null), latest: Object.create(null) };
  }

  /* Stored progress, keeping only entries of the right type; objects without a prototype, so a
     stored "__proto__" or "constructor" is just an entry that matches no task. Progress saved
     before the Check step had no "latest": its answers are both the scored and the shown ones. */
  function loadProgress(key) {
    var saved = pb.load(key, null);
    var progress = emptyProgress();
    if (!pb.isPlainObject(saved)) return progress;
    if (pb.isPlainObject(saved.tasks)) {
      Object.keys(saved.tasks).forEach(function (id) {
        if (saved.tasks[id] === true) progress.tasks[id] = true;
      });
    }
    ["answers", "latest"].forEach(function (part) {
      if (!pb.isPlainObject(saved[part])) return;
      Object.keys(saved[part]).forEach(function (id) {
        if (typeof saved[part][id] === "string") progress[part][id] = saved[part][id];
      });
    });
    return progress;
  }

  /* Key each radio by its choice's text, unique within its question. */
  function keyChoices(question) {
    var radios = Array.prototype.slice.call(question.querySelectorAll("input[type=radio]"));
    pb.textKeys(radios.map(function (radio) { return radio.value; })).forEach(function (key, i) {
      radios[i].dataset.pbKey = key;
    });
  }

  function radios(question) {
    return Array.prototype.slice.call(question.querySelectorAll("input[type=radio]"));
  }

  /* The choice (its .pb-quiz__choice) whose key is key, or null: a stored key that no longer
     matches a choice (the question was edited) is no answer. */
  function choiceByKey(question, key) {
    var radio = radios(question).filter(function (r) { return r.dataset.pbKey === key; })[0];
    return radio ? radio.closest(".pb-quiz__choice") : null;
  }

  function chosenChoice(question) {
    var radio = question.querySelector("input[type=radio]:checked");
    return radio ? radio.closest(".pb-quiz__choice") : null;
  }

  function keyOf(choice) {
    return choice.querySelector("input[type=radio]").dataset.pbKey;
  }

  function isRight(choice) {
    return choice !== null && choice.dataset.pbCorrect === "true";
  }

  /* Select the choice with key (none for ""), and remember it as the checked one this page shows. */
  function select(question, key) {
    question.dataset.pbShown = key;
    radios(question).forEach(function (radio) { radio.checked = key !== "" && radio.dataset.pbKey === key; });
  }

  /* Show the feedback of the chosen choice if it is the checked one, and mark it right or wrong;
     a choice picked but not yet checked shows nothing. The mark is a class for the tick or cross
     and the colour; the words "Right." or "Not quite." are in the feedback itself, so the
     verdict never rests on colour. */
  function showFeedback(question) {
    var chosen = chosenChoice(question);
    var shown = chosen && keyOf(chosen) === question.dataset.pbShown ? chosen : null;
    question.querySelectorAll(".pb-quiz__choice").forEach(function (choice) {
      var isShown = choice === shown;
      var feedback = choice.querySelector(".pb-quiz__feedback");
      var radio = choice.querySelector("input[type=radio]");
      feedback.hidden = !isShown;
      choice.classList.toggle("pb-quiz__choice--right", isShown && isRight(choice));
      choice.classList.toggle("pb-quiz__choice--wrong", isShown && !isRight(choice));
      // Describe only a checked radio: a description pointing at feedback before the check
      // would give screen reader users the answer before they commit.
      if (isShown) radio.setAttribute("aria-describedby", feedback.id);
      else radio.removeAttribute("aria-describedby");
    });
    return shown;
  }

  function announce(question, text) {
    var region = question.querySelector("[data-pb-announce]");
    if (region) region.textContent = text;
  }

  /* What the first check scored, next to the Check button. */
  function showResult(question, first) {
    var result = question.querySelector("[data-pb-result]");
    if (result) result.textContent = first === null ? "" : isRight(first) ? SCORED_RIGHT : SCORED_WRONG;
  }

  /* Questions checked and right at the first check, for a stage's quiz or the whole path. */
  function tally(questions, progress) {
    var result = { total: questions.length, answered: 0, right: 0 };
    questions.forEach(function (question) {
      var first = choiceByKey(question, progress.answers[question.dataset.pbQuestion]);
      if (first) result.answered += 1;
      if (isRight(first)) result.right += 1;
    });
    return result;
  }

  function scoreText(score) {
    var text = score.right + " of " + score.total + " right";
    var open = score.total - score.answered;
    return open ? text + " (" + open + " still to answer)" : text;
  }

  function init(root) {
    var key = "onboarding:" + root.dataset.pbOnboarding;
    var tasks = Array.prototype.slice.call(root.querySelectorAll("[data-pb-task]"));
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-pb-question]"));
    var progressText = root.querySelector("[data-pb-progress-text]");
    var progressBar = root.querySelector("[data-pb-progress]");
    var warning = root.querySelector("[data-pb-save-status]");
    // Changes made here that the browser refused to store, by part ("tasks", "answers",
    // "latest") and id
    // (undefined: cleared): they win over what is stored.
    var unsaved = [];
    var progress;
    questions.forEach(keyChoices);

    /* The stored progress (saved by any tab), with this page's unsaved changes on top. */
    function current() {
      var stored = loadProgress(key);
      unsaved.forEach(function (change) {
        if (change.value === undefined) delete stored[change.part][change.id];
        else stored[change.part][change.id] = change.value;
      });
      return stored;
    }

    /* Record one change on top of what is stored now, and tell the reader if it could not be stored. */
    function change(part, id, value) {
      progress = current();
      if (value === undefined) delete progress[part][id];
      else progress[part][id] = value;
      unsaved.push({ part: part, id: id, value: value });
      store();
    }

    function store() {
      var empty = !Object.keys(progress.tasks).length && !Object.keys(progress.answers).length &&
        !Object.keys(progress.latest).length;
      var saved = empty ? pb.remove(key) : pb.save(key, progress);
      if (saved) unsaved = [];
      warning.textContent = saved ? "" : NOT_SAVED;
      warning.hidden = saved;
    }

    function updateScores() {
      root.querySelectorAll("[data-pb-quiz]").forEach(function (quiz) {
        var own = Array.prototype.slice.call(quiz.querySelectorAll("[data-pb-question]"));
        quiz.querySelector("[data-pb-score]").textContent = "Your score: " + scoreText(tally(own, progress));
      });
      var done = tasks.filter(function (task) { return task.checked; }).length;
      var score = tally(questions, progress);
      var fraction = (done + score.answered) / (tasks.length + questions.length || 1);
      progressBar.value = fraction;
      progressText.textContent = "Your progress: " + Math.round(fraction * 100) + "% — " +
        done + " of " + tasks.length + " tasks done, " + score.answered + " of " + score.total +
        " questions checked, " + score.right + " right at the first check.";
    }

    /* Put the ticks and checked answers of progress on the page (or clear them after a reset).
       A question whose checked answer did not change keeps what the reader is choosing now. */
    function restore() {
      tasks.forEach(function (task) { task.checked = progress.tasks[task.dataset.pbTask] === true; });
      questions.forEach(function (question) {
        var id = question.dataset.pbQuestion;
        var shown = progress.latest[id] || progress.answers[id] || "";
        if (shown !== question.dataset.pbShown) {
          select(question, shown);
          announce(question, "");
        }
        showFeedback(question);
        showResult(question, choiceByKey(question, progress.answers[id]));
      });
      updateScores();
    }

    /* Check the chosen answer: the first check of a question is recorded as its scored answer,
       every check as the one to show. */
    function check(question) {
      var chosen = chosenChoice(question);
      if (!chosen) {
        question.querySelector("[data-pb-result]").textContent = CHOOSE_FIRST;
        return;
      }
      var id = question.dataset.pbQuestion;
      var key = keyOf(chosen);
      progress = current();
      if (!choiceByKey(question, progress.answers[id])) change("answers", id, key);
      change("latest", id, key);
      question.dataset.pbShown = key;
      restore();
      // Cleared first, so checking the same answer twice is read out twice.
      announce(question, "");
      announce(question, chosen.querySelector(".pb-quiz__feedback").textContent);
    }

    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("[data-pb-task]")) {
        change("tasks", target.dataset.pbTask, target.checked ? true : undefined);
        restore();
      } else if (target.matches("[data-pb-question] input[type=radio]")) {
        // A new choice hides the last feedback until it is checked; nothing is stored yet.
        var question = target.closest("[data-pb-question]");
        showFeedback(question);
        announce(question, "");
      }
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-pb-check]");
      if (button && root.contains(button)) check(button.closest("[data-pb-question]"));
    });
    pb.onOtherTabSave([key], root, function () {
      progress = current();
      restore();
    });

    root.querySelector('[data-pb-action="print"]').addEventListener("click", function () {
      window.print();
    });
    root.querySelector('[data-pb-action="reset"]').addEventListener("click", function () {
      if (!window.confirm(RESET_QUESTION)) return;
      progress = emptyProgress();
      tasks.forEach(function (task) { unsaved.push({ part: "tasks", id: task.dataset.pbTask }); });
      questions.forEach(function (question) {
        unsaved.push({ part: "answers", id: question.dataset.pbQuestion });
        unsaved.push({ part: "latest", id: question.dataset.pbQuestion });
        select(question, "");
      });
      store();
      restore();
    });

    // Whatever the browser restored into the radios on a reload is not an answer: start from
    // what is stored.
    progress = current();
    questions.forEach(function (question) { select(question, ""); });
    restore();
  }

  pb.onPage("[data-pb-onboarding]", init);
})(window.playbook);
