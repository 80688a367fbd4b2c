/* Curate mode in the browser: a selection in the article becomes article offsets; keys for the
   form (relation shortcuts, Enter, Escape) and for undo and redo. Inert on the read-only page,
   which has no #curate-article. */
(function () {
  "use strict";
  var ARTICLE = "curate-article";
  var FORM = "curate-form";
  var PENDING = "curate-pending";
  var FORMS = "curate-forms";

  function article() { return document.getElementById(ARTICLE); }
  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }
  /* Offsets count code points, as Python does; a JavaScript string counts UTF-16 units. */
  function codePoints(text) { return Array.from(text).length; }
  function units(text, points) { return Array.from(text).slice(0, points).join("").length; }

  function pieces(root) { return Array.prototype.slice.call(root.querySelectorAll("[data-start]")); }

  /* The article offset of a boundary of a selection. A boundary inside a piece's text is exact;
     one between elements (or outside the article) snaps to the nearest piece inside the range. */
  function offsetOf(root, node, offset, atEnd) {
    if (node.nodeType === Node.TEXT_NODE) {
      var piece = node.parentElement && node.parentElement.closest("[data-start]");
      if (piece && root.contains(piece)) {
        return Number(piece.dataset.start) + codePoints(node.data.slice(0, offset));
      }
    }
    var point = document.createRange();
    point.setStart(node, offset);
    var all = pieces(root);
    if (!atEnd) {
      for (var i = 0; i < all.length; i++) {
        if (point.comparePoint(all[i], 0) >= 0) { return Number(all[i].dataset.start); }
      }
      return null;
    }
    for (var j = all.length - 1; j >= 0; j--) {
      if (point.comparePoint(all[j], all[j].childNodes.length) <= 0) {
        return Number(all[j].dataset.start) + codePoints(all[j].textContent);
      }
    }
    return null;
  }

  /* A DOM range over article[start:end], or null when that text is not shown. */
  function rangeOf(root, start, end) {
    var range = document.createRange();
    var begun = false;
    var all = pieces(root);
    for (var i = 0; i < all.length; i++) {
      var piece = all[i], from = Number(piece.dataset.start);
      var text = piece.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) { continue; }
      var to = from + codePoints(text.data);
      if (!begun && start >= from && start < to) {
        range.setStart(text, units(text.data, start - from));
        begun = true;
      }
      if (begun && end > from && end <= to) {
        range.setEnd(text, units(text.data, end - from));
        return range;
      }
    }
    return null;
  }

  function highlight(range) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") { return; }
    if (range) { CSS.highlights.set(PENDING, new Highlight(range)); }
    else { CSS.highlights.delete(PENDING); }
  }

  function selectionOffsets() {
    var root = article();
    var selection = window.getSelection();
    if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(root)) { return null; }
    var start = offsetOf(root, range.startContainer, range.startOffset, false);
    var end = offsetOf(root, range.endContainer, range.endOffset, true);
    if (start === null || end === null || end <= start) { return null; }
    return { start: start, end: end };
  }

  function reportSelection() {
    var offsets = selectionOffsets();
    if (!offsets) { return false; }
    offsets.at = Date.now();
    setProps("curate-selected", { data: offsets });
    return true;
  }

  document.addEventListener("mouseup", function (event) {
    var root = article();
    if (!root) { return; }
    window.setTimeout(function () {
      if (reportSelection()) { return; }
      /* A click (no selection) on a cited passage shows its sentence's relations. */
      var target = event.target && event.target.closest && event.target.closest(".cited");
      var sentence = target && target.closest("[data-sentence]");
      if (sentence && root.contains(sentence)) {
        setProps("selection-store", {
          data: { kind: "sentence", id: "sentence-1-" + sentence.dataset.sentence },
        });
      }
    }, 0);
  });

  function typing(element) {
    if (!element) { return false; }
    var tag = element.tagName;
    if (tag === "TEXTAREA") { return true; }
    if (tag === "INPUT") {
      var type = (element.type || "text").toLowerCase();
      return ["text", "search", "email", "url", "number", "password"].indexOf(type) !== -1;
    }
    return element.isContentEditable;
  }
  function visible(id) {
    var e = document.getElementById(id);
    return e && !e.hidden && e.offsetParent !== null ? e : null;
  }
  function click(id) {
    var e = document.getElementById(id);
    if (e && !e.disabled) { e.click(); return true; }
    return false;
  }
  function menuOpen() { return !!document.querySelector(".dash-dropdown-option"); }

  document.addEventListener("keydown", function (event) {
    if (!article()) { return; }
    var active = document.activeElement;
    var key = event.key || "";
    /* Undo and redo: not while typing, where the field's own undo applies. */
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key.toLowerCase() === "z" && !typing(active)) {
      event.preventDefault();
      click(event.shiftKey ? "curate-redo" : "curate-undo");
      return;
    }
    if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "y" && !typing(active)) {
      event.preventDefault();
      click("curate-redo");
      return;
    }
    var form = visible(FORM);
    if (!form || !active || !form.contains(active)) { return; }
    if (key === "Escape" && !menuOpen()) {
      event.preventDefault();
      click("curate-cancel");
      return;
    }
    if (key === "Enter" && !event.shiftKey && !menuOpen()) {
      var tag = active.tagName;
      if (tag === "BUTTON" || tag === "TEXTAREA" || (tag === "INPUT" && active.id === "curate-note")) {
        return; /* a button does its own thing; the note submits through its own Enter */
      }
      event.preventDefault();
      click("curate-save");
      return;
    }
    /* A relation type's key: alone, or with Alt while typing in a field. */
    if (event.ctrlKey || event.metaKey || key.length !== 1) { return; }
    if (typing(active) && !event.altKey) { return; }
    var wanted = key.toLowerCase();
    if (event.altKey && event.code) {
      var match = /^(?:Key|Digit)([A-Z0-9])$/.exec(event.code); /* Alt changes event.key on macOS */
      if (match) { wanted = match[1].toLowerCase(); }
    }
    var shortcuts = document.querySelectorAll("#curate-relation kbd.shortcut");
    for (var i = 0; i < shortcuts.length; i++) {
      if (shortcuts[i].textContent === wanted) {
        var label = shortcuts[i].closest("label");
        var input = label && label.querySelector("input");
        if (input) {
          event.preventDefault();
          input.click();
          if (!typing(active)) { input.focus(); }
        }
        return;
      }
    }
  });

  /* Dash's dropdown names itself by its value (aria-labelledby on its value), so a screen
     reader would hear "Iran", not "Source, Iran": put the visible label's id first. React sets
     the attribute when it makes a picker, which may be after the page is drawn (a picker's code
     arrives on its own), so the forms, where every labelled picker is, are watched for that. */
  function nameDropdowns(root) {
    var dropdowns = root.querySelectorAll("button.dash-dropdown[id]");
    for (var i = 0; i < dropdowns.length; i++) {
      var label = document.getElementById(dropdowns[i].id + "-label");
      var named = dropdowns[i].getAttribute("aria-labelledby") || "";
      if (label && named.split(" ")[0] !== label.id) {
        dropdowns[i].setAttribute("aria-labelledby", (label.id + " " + named).trim());
      }
    }
  }
  var watched = null;
  function watchPickers(forms) {
    if (!forms || forms === watched) { return; }
    watched = forms;
    var naming = false;
    new MutationObserver(function () {
      if (naming) { return; }
      naming = true;
      window.requestAnimationFrame(function () { naming = false; nameDropdowns(forms); });
    }).observe(forms, { childList: true, subtree: true });
    nameDropdowns(forms);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    curate: {
      /* The page is drawn (the callback's first call): name its pickers and keep them named. */
      name_pickers: function () {
        watchPickers(document.getElementById(FORMS));
      },
      /* The form opened on a passage (or closed): mark the passage, bring it into view, and
         put the focus in the form so that its keys work at once. */
      form_opened: function (state) {
        var root = article();
        if (!root) { return window.dash_clientside.no_update; }
        if (!state) {
          highlight(null);
          return window.dash_clientside.no_update;
        }
        window.requestAnimationFrame(function () {
          var range = rangeOf(root, state.start, state.end);
          highlight(range);
          if (range) {
            var box = range.getBoundingClientRect(), pane = root.getBoundingClientRect();
            if (box.top < pane.top || box.bottom > pane.bottom) {
              var node = range.startContainer.parentElement;
              if (node) { node.scrollIntoView({ block: "center" }); }
            }
          }
          var form = document.getElementById(FORM);
          var active = document.activeElement;
          if (form && !(active && form.contains(active))) { form.focus({ preventScroll: false }); }
        });
        return String(Date.now());
      },
      /* A sub-form (actor, relation type, "no relation here") opened: focus its first field;
         closed: give the focus back to the relation form, if it is open. */
      focus_opened: function () {
        var fields = {
          "curate-actor-form": "curate-actor-name",
          "curate-type-form": "curate-type-label",
          "curate-skip-form": "curate-skip-reason",
        };
        var triggered = window.dash_clientside.callback_context.triggered;
        var which = triggered.length ? triggered[0].prop_id.split(".")[0] : null;
        window.requestAnimationFrame(function () {
          var form = which && document.getElementById(which);
          var target = form && !form.hidden ? document.getElementById(fields[which]) : null;
          if (!target && form && form.hidden) { target = visible(FORM); }
          if (target) { target.focus(); }
        });
        return window.dash_clientside.no_update;
      },
      /* After a conflict the store re-read the files: show them. */
      reload_page: function (version) {
        if (version) { window.location.reload(); }
        return window.dash_clientside.no_update;
      },
    },
  });
})();
