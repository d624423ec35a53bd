/* Worksheet scoring in the browser: the rules of hooks/yamlbook/scoring.py (read its docstring),
   in the same order of floating-point operations, so both give the same numbers. No DOM: Node
   loads this file too (tests/js/scoring.test.mjs), and both languages run the cases in
   tests/vectors/worksheet-scoring.json. The numbers in the rules (rules below) come from
   data/scoring.yaml. */
(function (root, factory) {
  "use strict";
  var scoring = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = scoring;
  } else {
    root.playbook = root.playbook || {};
    root.playbook.scoring = scoring;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var UNKNOWN = "unknown";
  var SCORED = { rating: true, "yes-no": true };

  function has(object, key) {
    return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key);
  }

  /* Round to one decimal, halves up, as Python's math.floor(value * 10 + 0.5) / 10. */
  function roundHalfUp(value) {
    return value === null ? null : Math.floor(value * 10 + 0.5) / 10;
  }

  function streamsOf(sheet) {
    var found = [];
    sheet.sections.forEach(function (section) {
      if (found.indexOf(section.stream) < 0) found.push(section.stream);
    });
    return found;
  }

  function eachQuestion(sheet, visit) {
    sheet.sections.forEach(function (section) {
      section.questions.forEach(function (question) { visit(section, question); });
    });
  }

  function questionOrder(sheet) {
    var order = {}, i = 0;
    eachQuestion(sheet, function (section, question) { order[question.id] = i++; });
    return order;
  }

  /* An answer as a number on its question's own scale (a level; yes 1, no 0), or null. */
  function answerNumber(question, answer) {
    if (question.type === "rating") return typeof answer === "number" && isFinite(answer) ? answer : null;
    if (question.type === "yes-no") {
      if (answer === "yes") return 1.0;
      if (answer === "no") return 0.0;
    }
    return null;
  }

  function mean(bucket) {
    return bucket[1] ? (bucket[0] / bucket[1]) * 100 : null;
  }

  function median(numbers) {
    if (!numbers.length) return null;
    var ordered = numbers.slice().sort(function (a, b) { return a - b; });
    var middle = Math.floor(ordered.length / 2);
    if (ordered.length % 2) return ordered[middle];
    return (ordered[middle - 1] + ordered[middle]) / 2;
  }

  function bandFor(sheet, value) {
    if (value === null) return null;
    var bands = sheet.bands;
    for (var i = 0; i < bands.length; i++) {
      var last = i === bands.length - 1;
      if ((bands[i].min <= value && value < bands[i].max) || (last && value === bands[i].max)) return bands[i].label;
    }
    return null;
  }

  function needed(total, rules) {
    return Math.floor((total * rules.provisional.min_answered_percent + 99) / 100);
  }

  function provisional(sheet, coverage, rules) {
    var scope = sheet.band_score === "tilt" ? sheet.tilt : streamsOf(sheet);
    for (var i = 0; i < scope.length; i++) {
      var counted = coverage.streams[scope[i]];
      var wanted = needed(counted.total, rules);
      if (counted.answered < wanted) {
        return { stream: scope[i], answered: counted.answered, total: counted.total, needed: wanted };
      }
    }
    return null;
  }

  /* Scores, coverage, band and gaps from values on each question's own scale. */
  function scores(sheet, values, targets, rules) {
    var low = sheet.scale[0].value, high = sheet.scale[sheet.scale.length - 1].value;
    var streams = streamsOf(sheet);
    var totals = { overall: [0.0, 0.0] }, counts = { overall: [0, 0] };
    streams.forEach(function (s) { totals[s] = [0.0, 0.0]; counts[s] = [0, 0]; });
    var sectionScores = {}, sectionCounts = {}, gaps = [];
    sheet.sections.forEach(function (section) {
      var own = [0.0, 0.0], ownCount = [0, 0];
      var buckets = [own, totals[section.stream], totals.overall];
      var tallies = [ownCount, counts[section.stream], counts.overall];
      section.questions.forEach(function (question) {
        if (!SCORED[question.type]) return;
        tallies.forEach(function (count) { count[1] += 1; });
        var value = has(values, question.id) ? values[question.id] : null;
        if (value === null) return;
        tallies.forEach(function (count) { count[0] += 1; });
        var share = question.type === "rating" ? (value - low) / (high - low) : value;
        var weight = question.weight === undefined ? 1 : question.weight;
        buckets.forEach(function (bucket) {
          bucket[0] += weight * share;
          bucket[1] += weight;
        });
        var target = has(targets, question.id) ? targets[question.id] : null;
        if (question.type === "rating" && target !== null) {
          var gap = target - value;
          gaps.push({ question: question.id, section: section.id, now: value, target: target,
                      gap: gap, weight: weight, weighted: gap * weight });
        }
      });
      sectionScores[section.id] = roundHalfUp(mean(own));
      sectionCounts[section.id] = { answered: ownCount[0], total: ownCount[1] };
    });
    var means = {};
    Object.keys(totals).forEach(function (key) { means[key] = mean(totals[key]); });
    var result = { sections: sectionScores, streams: {}, overall: roundHalfUp(means.overall), tilt: null,
                   coverage: { sections: sectionCounts, streams: {},
                               overall: { answered: counts.overall[0], total: counts.overall[1] } } };
    streams.forEach(function (s) {
      result.streams[s] = roundHalfUp(means[s]);
      result.coverage.streams[s] = { answered: counts[s][0], total: counts[s][1] };
    });
    var pair = sheet.tilt;
    if (pair && has(means, pair[0]) && has(means, pair[1]) && means[pair[0]] !== null && means[pair[1]] !== null) {
      result.tilt = roundHalfUp(means[pair[0]] - means[pair[1]]);
    }
    result.band = bandFor(sheet, result[sheet.band_score]);
    result.provisional = result.band ? provisional(sheet, result.coverage, rules) : null;
    var order = questionOrder(sheet);
    result.gaps = gaps.filter(function (g) { return g.gap > 0; }).sort(function (a, b) {
      return (b.weighted - a.weighted) || (b.gap - a.gap) || (order[a.question] - order[b.question]);
    });
    return result;
  }

  /* One person's scores. answers: {questionId: {value, target}}. */
  function scoreWorksheet(sheet, answers, rules) {
    var values = {}, targets = {}, unknown = 0;
    eachQuestion(sheet, function (section, question) {
      var answer = has(answers, question.id) ? answers[question.id] : null;
      if (answer === null || typeof answer !== "object") return;
      if (question.type === "rating" && answer.value === UNKNOWN) unknown += 1;
      values[question.id] = answerNumber(question, answer.value);
      if (question.type === "rating") targets[question.id] = answerNumber(question, answer.target);
    });
    var result = scores(sheet, values, targets, rules);
    result.unknown = unknown;
    return result;
  }

  function span(found) {
    var known = found.filter(function (v) { return v !== null; });
    return known.length ? [Math.min.apply(null, known), Math.max.apply(null, known)] : null;
  }

  function ranges(own, sheet) {
    var result = { sections: {}, streams: {}, overall: null, tilt: null };
    sheet.sections.forEach(function (s) {
      result.sections[s.id] = span(own.map(function (r) { return r.sections[s.id]; }));
    });
    streamsOf(sheet).forEach(function (s) {
      result.streams[s] = span(own.map(function (r) { return r.streams[s]; }));
    });
    result.overall = span(own.map(function (r) { return r.overall; }));
    result.tilt = span(own.map(function (r) { return r.tilt; }));
    return result;
  }

  /* A team's spread per question, disagreements, scores from the median answers, and the range
     of the respondents' own scores. respondents: [{name, answers}]. */
  function aggregateTeam(sheet, respondents, rules) {
    var own = respondents.map(function (r) { return scoreWorksheet(sheet, r.answers, rules); });
    var spread = {}, values = {}, targets = {};
    eachQuestion(sheet, function (section, question) {
      if (!SCORED[question.type]) return;
      var given = [], wanted = [], unknown = 0;
      respondents.forEach(function (respondent) {
        var answer = has(respondent.answers, question.id) ? respondent.answers[question.id] : null;
        if (answer === null || typeof answer !== "object") return;
        if (answer.value === UNKNOWN) unknown += 1;
        var number = answerNumber(question, answer.value);
        if (number !== null) given.push(number);
        if (question.type === "rating") {
          var target = answerNumber(question, answer.target);
          if (target !== null) wanted.push(target);
        }
      });
      var low = given.length ? Math.min.apply(null, given) : null;
      var high = given.length ? Math.max.apply(null, given) : null;
      var range = given.length ? high - low : null;
      var limit = question.type === "rating" ? rules.team.disagreement_range : 1;
      spread[question.id] = {
        answered: given.length, unknown: unknown, missing: respondents.length - given.length - unknown,
        min: low, max: high, median: median(given), range: range,
        target_median: question.type === "rating" ? median(wanted) : null,
        disagreement: range !== null && range >= limit
      };
      values[question.id] = spread[question.id].median;
      if (question.type === "rating") targets[question.id] = spread[question.id].target_median;
    });
    var order = questionOrder(sheet);
    var talk = Object.keys(spread).filter(function (id) { return spread[id].disagreement; }).sort(function (a, b) {
      return (spread[b].range - spread[a].range) || (order[a] - order[b]);
    });
    var team = scores(sheet, values, targets, rules);
    team.unknown = Object.keys(spread).reduce(function (sum, id) { return sum + spread[id].unknown; }, 0);
    return { respondents: respondents.length, questions: spread, talk_about: talk, scores: team,
             ranges: ranges(own, sheet) };
  }

  return {
    UNKNOWN: UNKNOWN,
    roundHalfUp: roundHalfUp,
    streamsOf: streamsOf,
    answerNumber: answerNumber,
    median: median,
    bandFor: bandFor,
    needed: needed,
    scoreWorksheet: scoreWorksheet,
    aggregateTeam: aggregateTeam
  };
});
