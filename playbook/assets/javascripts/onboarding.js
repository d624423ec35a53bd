/* Onboarding path: task ticks and quiz answers kept in this browser, feedback on each answer,
   a score per stage and the progress through the whole path.

   Stored under "onboarding:<path id>" as {tasks: {taskId: true}, answers: {questionId: choiceText}}.
   Progress counts ticked tasks and rightly answered questions, so the path is complete when
   every task is done and every question answered right. */
(function (pb) {
  "use strict";

  var RESET_QUESTION = "Clear all your ticks and quiz answers on this path? This cannot be undone.";

  function loadProgress(key) {
    var saved = pb.load(key, {});
    return {
      tasks: saved && typeof saved.tasks === "object" && saved.tasks ? saved.tasks : {},
      answers: saved && typeof saved.answers === "object" && saved.answers ? saved.answers : {},
    };
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
    var progress = loadProgress(key);
    var tasks = Array.prototype.slice.call(root.querySelectorAll("[data-pb-task]"));
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-pb-question]"));
    var progressText = root.querySelector("[data-pb-progress-text]");
    var progressBar = root.querySelector("[data-pb-progress]");

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

    /* Put the stored ticks and answers on the page (or clear them after a reset). */
    function restore() {
      tasks.forEach(function (task) { task.checked = progress.tasks[task.dataset.pbTask] === true; });
      questions.forEach(function (question) {
        var answer = progress.answers[question.dataset.pbQuestion];
        question.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = radio.value === answer;
        });
        showFeedback(question);
        announce(question, null);
      });
      updateScores();
    }

    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("[data-pb-task]")) {
        if (target.checked) progress.tasks[target.dataset.pbTask] = true;
        else delete progress.tasks[target.dataset.pbTask];
      } else if (target.matches("[data-pb-question] input[type=radio]")) {
        var question = target.closest("[data-pb-question]");
        progress.answers[question.dataset.pbQuestion] = target.value;
        announce(question, showFeedback(question));
      } else {
        return;
      }
      pb.save(key, progress);
      updateScores();
    });

    root.querySelector('[data-pb-action="print"]').addEventListener("click", function () {
      window.print();
    });
    root.querySelector('[data-pb-action="reset"]').addEventListener("click", function () {
      if (!window.confirm(RESET_QUESTION)) return;
      pb.remove(key);
      progress = loadProgress(key);
      restore();
    });

    restore();
  }

  pb.onPage("[data-pb-onboarding]", init);
})(window.playbook);
