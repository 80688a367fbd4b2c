/* A large figure's new selection is drawn once its evidence panel is on the screen
   (figure/large.py; a small figure does the same in network.js, follow_view).

   A click on an actor asks the server at once for the figure's new shapes (a Patch) and for the
   panel; the figure's answer, the smaller, usually comes first, and Plotly's redraw (some 40 ms
   at 10,000 actors, the plot's ten thousand markers painted again under the new veil) then
   holds the page while the panel's answer waits. The reader clicked for the quotes: here a
   redraw that only changes the layout of the network graph (its data is the very object drawn:
   a Patch of the shapes) and draws another selection waits, while the panel's own callback is
   under way, until the panel has changed and been painted (at most PANEL_WAIT_MS). Anything
   else (a filter, a new figure, another graph) is drawn at once.

   Plotly.react is the one door: dcc.Graph draws every figure through window.Plotly.react. */
(function () {
  "use strict";

  var GRAPH = "network-graph";
  var PANEL = "evidence-panel";
  var WAIT_MS = 400; // as network.js's PANEL_WAIT_MS: a panel that never comes holds nothing long

  /* What a large figure's shapes say is selected: the veil's opacity, the ringed disc (the
     selected actor, drawn last) and the glowing edge. */
  function selectionOf(layout) {
    var shapes = (layout && layout.shapes) || [];
    var veil = null;
    var glow = null;
    var ring = null;
    shapes.forEach(function (shape) {
      if (!shape) { return; }
      if (shape.name === "veil") { veil = shape.opacity; }
      if (shape.name === "selection") { glow = shape.path; }
      if (shape.type === "circle") { ring = shape.name; }
    });
    return JSON.stringify([veil, glow, ring]);
  }

  /* Whether the panel's callback is under way: Dash marks its output while it waits. */
  function panelLoading() {
    var panel = document.getElementById(PANEL);
    return Boolean(panel && panel.closest("[data-dash-is-loading]"));
  }

  /* Resolves once the panel has changed and a frame has painted it, or after wait ms. */
  function panelPainted(wait) {
    return new Promise(function (resolve) {
      var panel = document.getElementById(PANEL);
      var done = false;
      var observer = null;
      var finish = function () {
        if (done) { return; }
        done = true;
        if (observer) { observer.disconnect(); }
        clearTimeout(timer);
        // A task posted from a frame's callback runs once that frame is rendered.
        window.requestAnimationFrame(function () {
          var rendered = new MessageChannel();
          rendered.port1.onmessage = function () { rendered.port1.close(); resolve(); };
          rendered.port2.postMessage(0);
        });
      };
      var timer = setTimeout(finish, wait);
      if (panel && window.MutationObserver) {
        observer = new window.MutationObserver(finish);
        observer.observe(panel, { childList: true, subtree: true, characterData: true });
      }
    });
  }

  /* Whether a call of Plotly.react should wait for the panel: see above. */
  function waitsForPanel(gd, figure) {
    if (!gd || !gd.closest || !figure || !gd.closest("#" + GRAPH)) { return false; }
    if (!gd.data || figure.data !== gd.data || !gd.layout) { return false; }
    if (!(gd.layout.shapes || []).some(function (s) { return s && s.name === "veil"; })) {
      return false; // not a large figure
    }
    return selectionOf(figure.layout) !== selectionOf(gd.layout) && panelLoading();
  }

  function wrap(Plotly) {
    if (!Plotly || typeof Plotly.react !== "function" || Plotly.react.largeWaits) { return; }
    var react = Plotly.react;
    var calls = new WeakMap(); // per graph: how many figures it was given
    var waiting = function (gd, figure) {
      var self = this;
      var args = arguments;
      var ticket = (gd && typeof gd === "object" ? (calls.get(gd) || 0) : 0) + 1;
      if (gd && typeof gd === "object") { calls.set(gd, ticket); }
      if (!waitsForPanel(gd, figure)) { return react.apply(self, args); }
      return panelPainted(WAIT_MS).then(function () {
        // A later figure was drawn meanwhile: it stands, this one is past.
        return ticket === calls.get(gd) ? react.apply(self, args) : undefined;
      });
    };
    waiting.largeWaits = true;
    Plotly.react = waiting;
  }

  /* plotly.js is loaded after the assets (app.py, EARLY_SCRIPTS), before the page's layout
     is asked for: it is there once the document is parsed. */
  wrap(window.Plotly);
  document.addEventListener("DOMContentLoaded", function () { wrap(window.Plotly); });
})();
