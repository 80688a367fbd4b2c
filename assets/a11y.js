/* Accessibility repairs to Dash's own components, made after React draws them, and the evidence
   panel opened at its top for each new selection.

   Dash 4's dcc components (dash 4.x, plotly/dash, components/dash-core-components) give
   assistive technology a wrong picture in three places; until they are fixed upstream, this
   file mends the drawn page (axe-core checks it in tests/browser/test_accessibility.py):

   - RadioItems and Checklist draw a role="listbox" with no accessible name whose options
     (role="option") hold a real radio button or checkbox: axe's aria-input-field-name and
     nested-interactive. The native inputs already say everything, so the options lose their
     role, and the list becomes a named radiogroup (or group), named like the group around it.
   - Dropdown puts a focusable input inside aria-hidden (".dash-dropdown-focus-target"), which
     only forwards the focus to the dropdown's button: axe's aria-hidden-focus. The input leaves
     the tab order and the button, which handles the keys itself, joins it.
*/
(function () {
  "use strict";

  function nameOf(list) {
    if (list.hasAttribute("aria-labelledby") || list.hasAttribute("aria-label")) { return; }
    var named = list.parentElement && list.parentElement.closest("[aria-labelledby]");
    if (named) { list.setAttribute("aria-labelledby", named.getAttribute("aria-labelledby")); }
  }

  function mendOptionLists(root) {
    var lists = root.querySelectorAll(".dash-options-list[role='listbox']");
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i];
      if (list.closest(".dash-dropdown-content")) { continue; }  // a dropdown's own menu
      list.setAttribute("role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      nameOf(list);
    }
    var options = root.querySelectorAll(
      ".dash-options-list:not([role='listbox']) > .dash-options-list-option[role], " +
      ".dash-options-list:not([role='listbox']) > .dash-options-list-option[aria-selected]");
    for (var j = 0; j < options.length; j++) {
      options[j].removeAttribute("role");
      options[j].removeAttribute("aria-selected");  // React sets it again on each change
    }
  }

  function mendDropdowns(root) {
    var targets = root.querySelectorAll(".dash-dropdown-focus-target:not([tabindex='-1'])");
    for (var i = 0; i < targets.length; i++) {
      targets[i].tabIndex = -1;  // the button's blur puts it back at 0; put it back again
      var button = targets[i].nextElementSibling;
      if (button && button.matches("button.dash-dropdown") && !button.disabled) {
        button.tabIndex = 0;
      }
    }
  }

  /* A new selection opens the panel at its top; a filter change keeps the reader's place.
     The panel's title carries the selection's key (panel.py, data-selection). The scroll is
     reset just before the next frame: set here, at once, it would force the browser to lay out
     the page in the middle of Dash's drawing (and again after it). */
  var shownSelection = null;
  var resetPending = false;
  function openPanelAtTop() {
    var panel = document.getElementById("evidence-panel");
    var title = panel && panel.querySelector("[data-selection]");
    if (!title) { return; }
    var key = title.getAttribute("data-selection");
    if (key === shownSelection) { return; }
    shownSelection = key;
    if (resetPending) { return; }
    resetPending = true;
    window.requestAnimationFrame(function () {
      resetPending = false;
      var current = document.getElementById("evidence-panel");
      if (!current) { return; }
      current.scrollTop = 0;
      var column = current.closest(".panel-column");
      if (column) { column.scrollTop = 0; }
    });
  }

  function mend() {
    mendOptionLists(document);
    mendDropdowns(document);
    openPanelAtTop();
  }

  var observer = new MutationObserver(mend);
  function start() {
    mend();
    observer.observe(document.body, {
      subtree: true, childList: true, attributes: true,
      attributeFilter: ["role", "aria-selected", "tabindex", "data-selection"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
