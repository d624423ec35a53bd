/* Onboarding path: task ticks and quiz answers kept in this browser, feedback on each answer,
   a score per stage and the progress through the whole path.

   Stored under "onboarding:<path id>" as {tasks: {taskId: true}, answers: {questionId: choiceKey}},
   where a choice's key is its text (pb.textKeys: a text repeated within one question gets a
   number). Progress counts ticked tasks and rightly answered questions, so the path is complete
   when every task is done and every question answered right. Every change is written on top of
   what is stored now, and a change saved in another tab is shown here at once, so two tabs
   never undo each other's work. */
(function (pb) {
  "use strict";

  var RESET_QUESTION = "Clear all your ticks and quiz answers on this path? This cannot be undone.";
  var NOT_SAVED = pb.notSavedMessage("your ticks and answers are") + ".";

  /* Stored progress, keeping only entries of the right type; objects without a prototype, so a
     stored "__proto__" or "constructor" is just an entry that matches no task. */
  function loadProgress(key) {
    var saved = pb.load(key, null);
    var progress = { tasks: Object.create(null), answers: Object.create(null) };
    if (!pb.isPlainObject(saved)) return progress;
    if (pb.isPlainObject(saved.tasks)) {
      Object.keys(saved.tasks).forEach(function (id) {
        if (saved.tasks[id] === true) progress.tasks[id] = true;
      });
    }
    if (pb.isPlainObject(saved.answers)) {
      Object.keys(saved.answers).forEach(function (id) {
        if (typeof saved.answers[id] === "string") progress.answers[id] = saved.answers[id];
      });
    }
    return progress;
  }

  /* Key each radio by its choice's text, unique within its question. */
  function keyChoices(question) {
    var radios = Array.prototype.slice.call(question.querySelectorAll("input[type=radio]"));
    pb.textKeys(radios.map(function (radio) { return radio.value; })).forEach(function (key, i) {
      radios[i].dataset.pbKey = key;
    });
  }

  function chosenChoice(question) {
    var radio = question.querySelector("input[type=radio]:checked");
    return radio ? radio.closest(".pb-quiz__choice") : null;
  }

  function isRight(choice) {
    return choice !== null && choice.dataset.pbCorrect === "true";
  }

  /* Show the feedback of the chosen choice only, and mark the choice right or wrong. The mark
     is a class for the tick or cross and the colour; the words "Right." or "Not quite." are in
     the feedback itself, so the verdict never rests on colour. */
  function showFeedback(question) {
    var chosen = chosenChoice(question);
    question.querySelectorAll(".pb-quiz__choice").forEach(function (choice) {
      var isChosen = choice === chosen;
      var feedback = choice.querySelector(".pb-quiz__feedback");
      var radio = choice.querySelector("input[type=radio]");
      feedback.hidden = !isChosen;
      choice.classList.toggle("pb-quiz__choice--right", isChosen && isRight(choice));
      choice.classList.toggle("pb-quiz__choice--wrong", isChosen && !isRight(choice));
      // Describe only the chosen radio: a description pointing at hidden feedback would give
      // screen reader users the answer before they choose.
      if (isChosen) radio.setAttribute("aria-describedby", feedback.id);
      else radio.removeAttribute("aria-describedby");
    });
    return chosen;
  }

  function announce(question, chosen) {
    var region = question.querySelector("[data-pb-announce]");
    if (region) region.textContent = chosen ? chosen.querySelector(".pb-quiz__feedback").textContent : "";
  }

  /* Questions answered and answered right, for a stage's quiz or the whole path. */
  function tally(questions) {
    var result = { total: questions.length, answered: 0, right: 0 };
    questions.forEach(function (question) {
      var chosen = chosenChoice(question);
      if (chosen) result.answered += 1;
      if (isRight(chosen)) result.right += 1;
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
    // Changes made here that the browser refused to store, by "tasks" or "answers" and id
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
      var empty = !Object.keys(progress.tasks).length && !Object.keys(progress.answers).length;
      var saved = empty ? pb.remove(key) : pb.save(key, progress);
      if (saved) unsaved = [];
      warning.textContent = saved ? "" : NOT_SAVED;
      warning.hidden = saved;
    }

    function updateScores() {
      root.querySelectorAll("[data-pb-quiz]").forEach(function (quiz) {
        var score = tally(Array.prototype.slice.call(quiz.querySelectorAll("[data-pb-question]")));
        quiz.querySelector("[data-pb-score]").textContent = "Your score: " + scoreText(score);
      });
      var done = tasks.filter(function (task) { return task.checked; }).length;
      var score = tally(questions);
      var fraction = (done + score.right) / (tasks.length + questions.length || 1);
      progressBar.value = fraction;
      progressText.textContent = "Your progress: " + Math.round(fraction * 100) + "% — " +
        done + " of " + tasks.length + " tasks done, " + score.right + " of " + score.total +
        " quiz answers right.";
    }

    /* Put the ticks and answers of progress on the page (or clear them after a reset). */
    function restore() {
      tasks.forEach(function (task) { task.checked = progress.tasks[task.dataset.pbTask] === true; });
      questions.forEach(function (question) {
        var answer = progress.answers[question.dataset.pbQuestion];
        var before = chosenChoice(question);
        question.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = radio.dataset.pbKey === answer;
        });
        // A question whose answer did not change keeps what it last announced.
        if (showFeedback(question) !== before) announce(question, null);
      });
      updateScores();
    }

    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("[data-pb-task]")) {
        change("tasks", target.dataset.pbTask, target.checked ? true : undefined);
      } else if (target.matches("[data-pb-question] input[type=radio]")) {
        var question = target.closest("[data-pb-question]");
        change("answers", question.dataset.pbQuestion, target.dataset.pbKey);
        announce(question, showFeedback(question));
      } else {
        return;
      }
      restore();
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
      progress = { tasks: Object.create(null), answers: Object.create(null) };
      tasks.forEach(function (task) { unsaved.push({ part: "tasks", id: task.dataset.pbTask }); });
      questions.forEach(function (question) { unsaved.push({ part: "answers", id: question.dataset.pbQuestion }); });
      store();
      restore();
    });

    progress = current();
    restore();
  }

  pb.onPage("[data-pb-onboarding]", init);
})(window.playbook);
