/* Shared by the playbook's scripts: browser storage that never throws, and a way to set up
   widgets on every page view, including views reached through Material's instant navigation.
   Nothing is sent anywhere: answers stay in this browser's localStorage. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";
  var PREFIX = "playbook:";

  pb.load = function (key, fallback) {
    try {
      var raw = window.localStorage.getItem(PREFIX + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  };

  pb.save = function (key, value) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  };

  pb.remove = function (key) {
    try {
      window.localStorage.removeItem(PREFIX + key);
    } catch (error) {
      /* storage disabled: nothing to remove */
    }
  };

  /* Call init(element) once for each element matching selector, on this and every later page. */
  pb.onPage = function (selector, init) {
    var run = function () {
      document.querySelectorAll(selector).forEach(function (element) {
        if (element.dataset.pbReady) return;
        element.dataset.pbReady = "1";
        init(element);
      });
    };
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(run);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  };

  document.documentElement.classList.add("pb-js");
})(window.playbook);
