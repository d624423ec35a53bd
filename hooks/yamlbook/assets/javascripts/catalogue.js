/* Activity catalogue: filter the cards by facets and free text, keep the filters in the page
   address so a filtered view can be shared, and print the card deck.

   A card shows when, for every facet with a ticked value, it has at least one of the ticked
   values (OR within a facet, AND across facets), and every typed word occurs in its
   data-text. Without JavaScript the filters are hidden and every card shows. */
(function (pb) {
  "use strict";

  /* Not "q": Material's search reads ?q= on load, opens its search box with it and drops it
     from the address when the box closes, which would hide the catalogue and lose the text. */
  var TEXT_PARAM = "text";
  var TYPING_DELAY_MS = 100;

  /* Lower-cased words of a search string; empty words are dropped. */
  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  /* Read each card's values once, so filtering never touches the DOM except to hide or show. */
  function indexCards(root, facets) {
    return Array.prototype.map.call(root.querySelectorAll("[data-pb-card]"), function (element) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet] = (element.dataset[facet] || "").split("|").filter(Boolean);
      });
      return { element: element, values: values, text: element.dataset.text || "" };
    });
  }

  /* The filters as the form shows them: ticked values per facet, and the search words. */
  function readForm(form, facets) {
    var state = { facets: {}, text: form.elements[TEXT_PARAM].value.trim() };
    facets.forEach(function (facet) {
      state.facets[facet] = Array.prototype.filter
        .call(form.querySelectorAll('input[name="' + facet + '"]'), function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    return state;
  }

  /* Tick the boxes and fill the text box from the page address. Every box is set, not only
     the ticked ones, because the browser may have restored ticks from an earlier visit. */
  function writeForm(form, facets, params) {
    facets.forEach(function (facet) {
      var wanted = params.getAll(facet);
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
    form.elements[TEXT_PARAM].value = params.get(TEXT_PARAM) || "";
  }

  function matches(card, state, searchWords) {
    for (var facet in state.facets) {
      var wanted = state.facets[facet];
      if (wanted.length && !card.values[facet].some(function (v) { return wanted.indexOf(v) !== -1; })) {
        return false;
      }
    }
    return searchWords.every(function (word) { return card.text.indexOf(word) !== -1; });
  }

  /* Show the matching cards and return how many there are. Only cards whose visibility
     changes are written to, so a keystroke costs little even with hundreds of cards. */
  function applyFilters(cards, state) {
    var searchWords = words(state.text);
    var shown = 0;
    cards.forEach(function (card) {
      var show = matches(card, state, searchWords);
      if (card.element.hidden !== !show) card.element.hidden = !show;
      if (show) shown += 1;
    });
    return shown;
  }

  /* Put the filters into the address without adding a history entry. Parameters that are not
     filters (such as Material's search highlight, ?h=) are kept. */
  function writeAddress(state, facets) {
    var params = new URLSearchParams(window.location.search);
    facets.concat(TEXT_PARAM).forEach(function (name) { params.delete(name); });
    facets.forEach(function (facet) {
      state.facets[facet].forEach(function (value) { params.append(facet, value); });
    });
    if (state.text) params.set(TEXT_PARAM, state.text);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      // Keep Material's own history state: instant navigation relies on it.
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function init(root) {
    var form = root.querySelector("form");
    var facets = Array.prototype.map.call(root.querySelectorAll("[data-pb-facet]"), function (fieldset) {
      return fieldset.dataset.pbFacet;
    });
    var cards = indexCards(root, facets);
    var count = root.querySelector("[data-pb-count]");
    var empty = root.querySelector("[data-pb-empty]");
    var timer = null;

    function update() {
      window.clearTimeout(timer);
      var state = readForm(form, facets);
      var shown = applyFilters(cards, state);
      count.textContent = shown + " of " + cards.length + " activities shown";
      empty.hidden = shown !== 0;
      writeAddress(state, facets);
    }

    form.addEventListener("change", update);
    form.addEventListener("input", function (event) {
      if (event.target.name !== TEXT_PARAM) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(update, TYPING_DELAY_MS);
    });
    // Enter in the search box would reload the page; the list already follows the typing.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    root.querySelectorAll('[data-pb-action="clear"]').forEach(function (button) {
      button.addEventListener("click", function () {
        writeForm(form, facets, new URLSearchParams());
        update();
        // The empty-state button disappears once the list is back, so focus has to go somewhere.
        form.elements[TEXT_PARAM].focus();
      });
    });

    // Read the address here, not at load: with instant navigation each view brings its own.
    writeForm(form, facets, new URLSearchParams(window.location.search));
    update();
  }

  /* The card deck's print button. */
  function initDeck(deck) {
    deck.querySelectorAll('[data-pb-action="print"]').forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  pb.onPage("[data-pb-catalogue]", init);
  pb.onPage("[data-pb-deck]", initDeck);
})(window.playbook);
