/* Shared by the playbook's scripts: browser storage that never throws, news of what other tabs
   saved, and a way to set up widgets on every page view, including views reached through
   Material's instant navigation.
   Nothing is sent anywhere: answers stay in this browser's localStorage. Everything read back
   from storage or from a file is data written by someone else: it is checked before use and only
   ever reaches the page as text (textContent, input values), never as HTML. */
window.playbook = window.playbook || {};
(function (pb) {
  "use strict";
  var PREFIX = "playbook:";

  /* The id rule of data/schemas/common.schema.json (tests/browser/test_browser_data.py checks
     that both say the same): anything else, such as "__proto__", can never be a record's or a
     question's id. */
  pb.ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* What the widgets say when the browser refuses to store (full, or storage blocked); `what`
     names what stays on the page only. */
  pb.notSavedMessage = function (what) {
    return "Could not save in this browser (storage full or blocked): " + what + " kept on this page only";
  };

  pb.isPlainObject = function (value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  };

  pb.hasOwn = function (object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  };

  pb.load = function (key, fallback) {
    try {
      var raw = window.localStorage.getItem(PREFIX + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  };

  /* true when stored; false when the browser refused (quota exceeded, storage disabled). */
  pb.save = function (key, value) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  };

  /* true when nothing is left stored under key. */
  pb.remove = function (key) {
    try {
      window.localStorage.removeItem(PREFIX + key);
      return true;
    } catch (error) {
      return false;
    }
  };

  /* Call onChange(key) when another tab or window of this browser changes one of keys (the
     storage event never fires in the tab that saved); key is null when that tab cleared all
     storage. Stops listening once element has left the page, so instant navigation does not
     pile up listeners for widgets that are gone. */
  pb.onOtherTabSave = function (keys, element, onChange) {
    var names = keys.map(function (key) { return PREFIX + key; });
    function listener(event) {
      if (!document.contains(element)) {
        window.removeEventListener("storage", listener);
        return;
      }
      if (!fromLocalStorage(event)) return;
      if (event.key === null) onChange(null);
      else if (names.indexOf(event.key) !== -1) onChange(event.key.slice(PREFIX.length));
    }
    window.addEventListener("storage", listener);
  };

  function fromLocalStorage(event) {
    try {
      return event.storageArea === window.localStorage;
    } catch (error) {
      return false; // storage blocked: then no other tab can have saved either
    }
  }

  /* Storage keys for the texts of one list (checklist items, a question's choices). A key is the
     text itself, so reordering the list keeps what a reader ticked; a text that repeats an
     earlier one gets its occurrence number after a NUL character, which no text in the data
     holds, so two equal items never share a tick. */
  pb.textKeys = function (texts) {
    var seen = new Map();
    return texts.map(function (text) {
      var count = (seen.get(text) || 0) + 1;
      seen.set(text, count);
      return count === 1 ? text : text + "\u0000" + count;
    });
  };

  /* A new element with a class and text; text from data goes in as textContent, never as markup. */
  pb.element = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
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
