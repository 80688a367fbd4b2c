/* Clientside callbacks: what needs the browser itself (scrolling, Plotly's image export). */

/* What a small figure draws in the browser (callbacks/network.py, FOLLOWED): the relation
   filter, the selection and the focus, as Dash names them. */
var BROWSER_DRAWS = ["relation-filter.value", "selection-store.data", "focus-picker.value"];

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* After the article is drawn, bring the marked sentence into view and give it the focus,
       so that a keyboard or screen-reader user lands where a "show in article" link points. */
    scroll_to_marked: function () {
      window.requestAnimationFrame(function () {
        var marked = document.querySelector("#article-view .sentence-marked");
        if (marked) {
          marked.scrollIntoView({ block: "center" });
          // Not while the reader works the filters: the article redraws then too.
          var active = document.activeElement;
          var inFilters = active && active.closest && active.closest(".filters");
          if (marked.tagName === "A" && !inFilters) { marked.focus({ preventScroll: true }); }
        }
      });
      return window.dash_clientside.no_update;
    },
    /* A gate in front of a tab's builder (the article view, the table): while the tab is
       shown, pass every change of what it shows on, as a new value; while it is hidden, send
       nothing, so that a filter change or a click costs the server no request for it. The tab
       is named by the gate's id ("table-gate" for "table"). */
    pass_when_shown: function (tab) {
      var gate = window.dash_clientside.callback_context.outputs_list.id;
      if (tab !== gate.replace(/-gate$/, "")) { return window.dash_clientside.no_update; }
      return { tab: tab, at: Date.now() };
    },
    /* At load, for a large figure (whose markers are WebGL: ``webgl`` true), false if this
       browser cannot draw them as plotly.js does (hasWebGL); the server then sends SVG
       markers. Anything else: nothing to say. */
    check_webgl: function (webgl) {
      if (webgl !== true || hasWebGL()) { return window.dash_clientside.no_update; }
      return false;
    },
    /* The graph's gate (callbacks/network.py): passes a change of the controls on to the
       server's draw_network, as the list of what fired, unless the browser draws it itself:
       a small figure (one with layout.meta.small) follows the relation filter, the selection
       and the focus in the browser (network.js, follow_view), so a click on an actor asks the
       server for nothing but its panel. Curate mode's REDRAW store always passes: the model
       changed under the figure; so does the WEBGL store, false when this browser has no
       WebGL, which every request then says (the server draws SVG markers). A store's mount
       (fired with no value at all) is nothing. */
    pass_when_server_draws: function () {
      var no = window.dash_clientside.no_update;
      var figure = arguments[arguments.length - 1];
      var webgl = arguments[arguments.length - 2];  // false: this browser has none (check_webgl)
      var triggered = window.dash_clientside.callback_context.triggered;
      var fired = triggered.filter(function (t) { return t.value !== undefined; })
        .map(function (t) { return t.prop_id; });
      if (!fired.length) { return no; }
      var small = figure && figure.layout && figure.layout.meta && figure.layout.meta.small;
      var drawnHere = fired.every(function (id) { return BROWSER_DRAWS.indexOf(id) >= 0; });
      // While the server's figure is on its way, the browser's is about to be replaced: the
      // change goes to the server too, to be drawn whole (follow_view then draws nothing).
      var waiting = serverDrawing();
      if (small && drawnHere && !waiting) { return no; }
      var ask = function () {
        window.dashboardAsked = { data: graphData(), at: Date.now() };
        var asked = { fired: fired, at: Date.now() };
        if (waiting) { asked.whole = true; }
        if (webgl === false) { asked.webgl = false; }
        return asked;
      };
      // A large figure's new selection is asked for once its panel is painted (network.js,
      // panelShown), as a small figure's is drawn then: asked with the panel, its answer took
      // the server's time from the panel's, and Plotly's redraw held the panel's paint.
      // (Whatever serverDrawing says: a Patch keeps the figure's data, so it stays "on its
      // way" for SERVER_DRAW_MS after every answer, and a large figure is patched anyway.)
      if (!small && fired.length === 1 && fired[0] === "selection-store.data") {
        var asking = panelShown(PANEL_WAIT_MS).then(ask);
        // The address and the search box are written once this figure is drawn (graphDue).
        window.dashboardGraphDue = asking.then(function () { return graphDrawn(GRAPH_WAIT_MS); });
        return asking;
      }
      return ask();
    },
    /* What selects in the browser (callbacks/selection.py): the search box and the clear
       button, in one callback; the input that fired decides. (A click on the graph selects
       from Plotly's own event: select_clicked.) */
    select: function (searched, clears, current) {
      var own = window.dash_clientside.dashboard;
      var no = window.dash_clientside.no_update;
      var fired = window.dash_clientside.callback_context.triggered.map(function (t) {
        return t.prop_id;
      });
      window.dashboardSearchLater = null;  // what is selected now stands (show_in_search)
      if (fired.indexOf("clear-selection.n_clicks") >= 0) { return own.clear_selection(clears, current); }
      if (fired.indexOf("actor-search.value") >= 0) { return [own.select_from_search(searched, current), no]; }
      return [no, no];
    },
    /* A click on the graph (Plotly's plotly_click, listened to from the first press on the
       graph: see the pointerdown listener below) selects what it hit, through set_props: as a
       callback of the graph's clickData, the selection took one more turn of Dash's renderer
       before its panel was asked for (plotly_click to the panel's request: 29 ms before, 20
       after, at 10,000 actors). It reads the selection and the search box's options as Dash
       holds them now (propOf). The search box then shows the actor once the panel is painted,
       if it holds its option; a large one gets it from the server (put_in_search). */
    select_clicked: function (click) {
      var own = window.dash_clientside.dashboard;
      var chosen = own.select_from_click(click, propOf("selection-store", "data"));
      if (chosen[0] === window.dash_clientside.no_update) { return; }
      window.dashboardSearchLater = null;  // what is selected now stands
      window.dash_clientside.set_props("selection-store", { data: chosen[0] });
      var options = propOf("actor-search", "options") || [];
      var held = options.some(function (o) { return o && o.value === chosen[1]; });
      if (!chosen[1] || held) { own.show_in_search(chosen[1], chosen[0]); }
    },
    /* After a click, the search box shows the actor selected (or nothing, for a relation)
       once the panel is painted (network.js, panelShown): drawn with the selection, the box
       held the panel's request back by some 7 ms. Unless something else was selected
       meanwhile (select drops the note, and so does network.js's follow_view for any other
       writer of the selection): the box then shows that. */
    show_in_search: function (value, selection) {
      searchLater({ value: value }, selection, panelShown(PANEL_WAIT_MS));
    },
    /* A large search box's offer (callbacks/selection.py: the selected actor's option, sent
       with its panel): once the panel is painted, the box holds the option and shows the
       actor, unless the reader is typing there or something else was selected meanwhile (as
       in show_in_search). Set through set_props, not as this callback's output: see there. */
    put_in_search: function (offer, current, value, typing) {
      var actor = current && current.kind === "actor" ? current.id : null;
      var held = (offer || []).some(function (o) { return o && o.value === actor; });
      if (actor && held && value !== actor && !typing) {
        // The offer came with the panel: the box is written once that is painted, and the
        // figure asked for then is drawn (graphDue).
        searchLater({ options: offer, value: actor }, current, afterPaint().then(graphDue));
      }
      return window.dash_clientside.no_update;
    },
    /* A click on the graph selects what it hit: an actor (ids are slugs) or a relation (its id
       joins its ends, type and certainty with "/"); the search box shows the actor. */
    select_from_click: function (click, current) {
      var nothing = [window.dash_clientside.no_update, window.dash_clientside.no_update];
      var point = click && click.points && click.points[0];
      var key = point ? point.customdata : null;
      if (typeof key !== "string" || !key) { return nothing; }
      var kind = key.indexOf("/") >= 0 ? "edge" : "actor";
      if (current && current.kind === kind && current.id === key) { return nothing; }
      return [{ kind: kind, id: key }, kind === "actor" ? key : null];
    },
    /* The clear button selects nothing and empties the search box (if anything was selected). */
    clear_selection: function (clicks, current) {
      if (!clicks || current == null) {
        return [window.dash_clientside.no_update, window.dash_clientside.no_update];
      }
      return [null, null];
    },
    /* An actor chosen in the search box is selected; clearing the box leaves the selection. */
    select_from_search: function (searched, current) {
      if (typeof searched !== "string" || !searched) { return window.dash_clientside.no_update; }
      if (current && current.kind === "actor" && current.id === searched) {
        return window.dash_clientside.no_update;
      }
      return { kind: "actor", id: searched };
    },
    /* The address the server wrote for the view (callbacks/address.py): a new step in the
       history, announced to dcc.Location as a followed link would be. What is written is noted,
       so that read_when_foreign does not hand it back to the server as an address to read.
       It comes with the panel (callbacks/selection.py): written once the frame that paints
       the panel is rendered, as Chromium's pushState and dcc.Location's answer take some
       10 ms, and once a large figure asked for then is drawn (graphDue). Every address is
       written, one step each, in the order they came, unless the reader has gone back or
       forward since it came. */
    push_address: function (address) {
      if (!address || typeof address !== "object") { return window.dash_clientside.no_update; }
      var search = typeof address.search === "string" ? address.search : "";
      var hash = typeof address.hash === "string" ? address.hash : "";
      if (search === "?") { search = ""; }
      // Not once the reader has gone back or forward since: that address stands.
      var moved = window.dashboardMoved;
      var write = function () {
        if (window.dashboardMoved !== moved) { return window.dash_clientside.no_update; }
        if (search + hash === window.location.search + window.location.hash) {
          return window.dash_clientside.no_update;
        }
        window.dashboardWritten = search + hash;
        window.history.pushState({}, "", window.location.pathname + search + hash);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        return search + hash;
      };
      // (one that failed, as a browser refusing pushStates too quick, holds up none after it)
      var queued = (window.dashboardWriting || Promise.resolve()).catch(function () {});
      window.dashboardWriting = queued.then(afterPaint).then(graphDue).then(write);
      return window.dashboardWriting;
    },
    /* Pass on to the server an address the page did not write itself: the page's own, once
       dcc.Location has read it, then back, forward and followed links. */
    read_when_foreign: function (search, hash) {
      if (search == null && hash == null) { return window.dash_clientside.no_update; }
      var here = (search || "") + (hash || "");
      var written = window.dashboardWritten;
      window.dashboardWritten = null;
      if (written === here) { return window.dash_clientside.no_update; }
      var fired = window.dash_clientside.callback_context.triggered.map(function (t) {
        return t.prop_id;
      });
      return {
        search: search || "", hash: hash || "", at: Date.now(),
        hash_only: fired.indexOf("url.hash") >= 0 && fired.indexOf("url.search") < 0,
      };
    },
    /* Save the graph as drawn (zoom, filter, selection) as SVG or PNG. */
    download_figure: function () {
      var triggered = window.dash_clientside.callback_context.triggered;
      if (!triggered.length || !triggered[0].value) { return window.dash_clientside.no_update; }
      var format = JSON.parse(triggered[0].prop_id.split(".")[0]).format;
      var graph = graphDiv();  // network.js
      if (graph && window.Plotly && (format === "svg" || format === "png")) {
        window.Plotly.downloadImage(format === "svg" ? asVectors(graph) : graph, {
          format: format, filename: "network", scale: format === "png" ? 2 : 1,
          width: graph.clientWidth, height: graph.clientHeight,
        });
      }
      return format;
    },
  },
});

/* A property of a component as Dash holds it now (Dash's dash_component_api.getLayout), or
   undefined. */
function propOf(id, name) {
  var api = window.dash_component_api;
  var component = api && typeof api.getLayout === "function" ? api.getLayout(id) : null;
  return component && component.props ? component.props[name] : undefined;
}

/* Write props into the search box once ready resolves, unless something else was selected
   meanwhile (select drops the note, and so does network.js's follow_view for any other writer
   of the selection than the one that asked), or the reader is in the box by then. */
function searchLater(props, selection, ready) {
  var clientside = window.dash_clientside;
  var note = window.dashboardSearchLater = { selection: JSON.stringify(selection) };
  ready.then(function () {
    if (window.dashboardSearchLater !== note || !clientside.set_props) { return; }
    var active = document.activeElement;
    if (active && active.closest && active.closest("#actor-search")) { return; }
    window.dashboardSearchLater = null;
    clientside.set_props("actor-search", props);
  });
}

/* The figure a graph holds, with WebGL markers as SVG ones: Plotly writes a WebGL canvas into
   an SVG file as one bitmap, and an SVG is saved to be drawn at any size. */
function asVectors(graph) {
  var data = graph.data.map(function (trace) {
    return trace.type === "scattergl" ? Object.assign({}, trace, { type: "scatter" }) : trace;
  });
  return { data: data, layout: graph.layout };
}

/* Whether this browser gives a WebGL context with the extensions plotly.js's scattergl asks
   for (its prepareRegl). */
function hasWebGL() {
  try {
    var gl = document.createElement("canvas").getContext("webgl");
    if (!gl || !gl.getExtension("ANGLE_instanced_arrays") || !gl.getExtension("OES_element_index_uint")) {
      return false;
    }
    var lose = gl.getExtension("WEBGL_lose_context");
    if (lose) { lose.loseContext(); }  // a page holds only so many contexts
    return true;
  } catch (error) {
    return false;
  }
}

/* Resolves once the large figure a new selection asked for is drawn (pass_when_server_draws
   notes it), at once if none is on its way. The address and the search box wait for it: written
   while the figure's request was out, with the work of Dash's renderer each brings, they kept
   the page busy when the answer came, and the browser and the server short of the machine's
   time (at 10,000 actors the graph showed the selection some 50 ms later). */
function graphDue() {
  return window.dashboardGraphDue || Promise.resolve();
}

/* Resolves once the frame after the graph's next plotly_afterplot is painted (afterPaint), or
   after wait ms: an answer that changes nothing, or a request that failed, draws nothing. */
var GRAPH_WAIT_MS = 1000;
function graphDrawn(wait) {
  return new Promise(function (resolve) {
    var gd = graphDiv();  // network.js
    var timer = setTimeout(resolve, wait);
    if (gd && typeof gd.once === "function") {
      gd.once("plotly_afterplot", function () {
        clearTimeout(timer);
        afterPaint().then(resolve);
      });
    }
  });
}

/* Whether the server was asked for a figure (pass_when_server_draws) that has not come yet:
   Plotly still holds the data it held then. A request that failed (the page then shows the
   error) holds nothing after SERVER_DRAW_MS. */
var SERVER_DRAW_MS = 5000;
function serverDrawing() {
  var asked = window.dashboardAsked;
  if (!asked || Date.now() - asked.at > SERVER_DRAW_MS) { return false; }
  var data = graphData();  // network.js
  return Boolean(data && data === asked.data);
}

/* Resolves once the next frame is rendered (a task posted from its animation frame runs after
   its style, layout and paint), or after 100 ms: a page in the background paints no frames. */
function afterPaint() {
  return new Promise(function (resolve) {
    var timer = setTimeout(resolve, 100);
    window.requestAnimationFrame(function () {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        channel.port1.close();
        clearTimeout(timer);
        resolve();
      };
      channel.port2.postMessage(0);
    });
  });
}

/* Functions the relations grid calls (Dash AG Grid looks them up here by name). */
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  /* false: let the browser move the focus out of the grid, to the next control. */
  leaveGridOnTab: function () { return false; },
});

/* A press on the graph (a pointer's, before Plotly makes a click of it) has its clicks select
   (select_clicked): Plotly's events are the graph's own, and its div takes them only once
   drawn. The listener is taken off and put back at each press, so that there is one, whatever
   Plotly did to its listeners since (Plotly.purge and newPlot drop them). */
function selectClicked(click) {
  window.dash_clientside.dashboard.select_clicked(click);
}
document.addEventListener("pointerdown", function (event) {
  var graph = event.target.closest && event.target.closest(GRAPH_PLOT);  // network.js
  if (!graph || typeof graph.on !== "function") { return; }
  graph.removeListener("plotly_click", selectClicked);
  graph.on("plotly_click", selectClicked);
}, true);

/* Each step back or forward in the history (push_address writes no address queued before it). */
window.dashboardMoved = 0;
window.addEventListener("popstate", function () { window.dashboardMoved += 1; });

/* A counterpart's name in the evidence panel (panel.py: a button with data-actor) selects that
   actor and puts it in the search box, in the browser, as a click on the graph does. As callback
   inputs the links would cost a request each time a panel is drawn (Dash fires a new component's
   inputs), and one more round trip before the panel of the actor clicked. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("#evidence-panel button[data-actor]");
  var clientside = window.dash_clientside;
  if (!link || !clientside || !clientside.set_props) { return; }
  var actor = link.getAttribute("data-actor");
  if (!actor) { return; }
  clientside.set_props("selection-store", { data: { kind: "actor", id: actor } });
  clientside.set_props("actor-search", { value: actor });
});

/* A link to a sentence ("show in article", a marked sentence) opens the article there in one
   step of the history: the query gets tab=article (and loses the actor or relation it replaces)
   together with the #sentence fragment, so the back button returns to where the reader was.
   Left to the browser, the fragment would change first and the query after, two steps. */
document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0) { return; }
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
  var link = event.target.closest && event.target.closest('a[href^="#sentence-"]');
  if (!link) { return; }
  event.preventDefault();
  var params = new URLSearchParams(window.location.search);
  params.set("tab", "article");
  params.delete("actor");
  params.delete("edge");
  var query = params.toString().replace(/%2C/g, ",");
  var url = window.location.pathname + (query ? "?" + query : "") + link.getAttribute("href");
  if (url === window.location.pathname + window.location.search + window.location.hash) { return; }
  window.history.pushState({}, "", url);
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
});
