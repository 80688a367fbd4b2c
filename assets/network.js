/* Clientside callbacks of the page's load and its graph (callbacks/tabs.py, address.py,
   network.py).

   Dash AG Grid's bundle is not loaded with the page (app.py takes its script out and leaves a
   prefetch link, id "grid-bundle"): until the table is first shown, a stand-in without prop
   types lets Dash check the callbacks that name the grid. The bundle replaces it when loaded. */
if (!window.dash_ag_grid) {
  window.dash_ag_grid = {
    AgGrid: function () { return null; },
    standIn: true,
    // Dash AG Grid's own helpers, as they answer while no grid is mounted.
    getApi: function () { return null; },
    getApiAsync: function (id) {
      return loadGrid().then(function () { return window.dash_ag_grid.getApiAsync(id); });
    },
  };
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  network: {
    /* When the table is first shown: load Dash AG Grid's bundle, then mount the grid the page
       holds (table.grid_spec) in its box. Otherwise nothing. */
    mount_grid: function (tab, box, spec) {
      if (tab !== "table" || !spec || isGrid(box)) { return window.dash_clientside.no_update; }
      return loadGrid().then(function () { return spec; });
    },
    /* The table's gate (see dashboard.js, pass_when_shown): passes every change of what the
       table shows on while the table is shown and its grid mounted, and nothing otherwise. */
    pass_when_grid: function (tab, grid) {
      if (!isGrid(grid)) { return window.dash_clientside.no_update; }
      return window.dash_clientside.dashboard.pass_when_shown(tab);
    },
    /* A small figure follows the relation filter, the selection and the focus here, with no
       round trip (figure/small.py, drawn_in_browser; the gate in dashboard.js asks the server
       nothing): the figure's layout.meta.small holds every edge the article filter lets
       through, and smallFigure builds from it the figure the server would draw for the view. A figure
       without it is the server's to redraw.

       A new selection is drawn once its evidence panel is on the screen: Plotly's redraw of
       the whole graph holds the page for some 20 ms, and the reader clicked for the quotes. */
    follow_view: function (relations, selection, focus, figure) {
      var no = window.dash_clientside.no_update;
      var later = window.dashboardSearchLater;  // dashboard.js, searchLater
      if (later && later.selection !== JSON.stringify(selection)) {
        window.dashboardSearchLater = null;  // selected since by another writer: that stands
      }
      var meta = figure && figure.layout && figure.layout.meta && figure.layout.meta.small;
      // No figure to follow, or the server's is on its way, drawn with this view (the gate
      // passed the change on: dashboard.js, serverDrawing).
      if (!meta || serverDrawing()) { return no; }
      var fired = window.dash_clientside.callback_context.triggered.map(function (t) {
        return t.prop_id;
      });
      var view = [relations, selection, focus];
      var seen = JSON.stringify(view);
      var last = window.networkFollowed;
      if (last && last.data === figure.data && last.view === seen) { return no; }
      var ticket = window.networkFollowing = (window.networkFollowing || 0) + 1;
      var drawn = function () {
        var built = smallFigure(figure, meta, relations, selection, focus);
        window.networkFollowed = { data: built.data, view: seen };
        return built;
      };
      if (fired.indexOf("selection-store.data") < 0) { return drawn(); }
      // Built once the panel is shown, too: until then the panel's request waits for it.
      var plotted = graphData();
      return panelShown(PANEL_WAIT_MS).then(function () {
        // A later change was drawn meanwhile, or the server's figure came: that one stands.
        // (Plotly may draw the figure this was built from only now: on a page's first load.)
        var now = graphData();
        var replaced = now && now !== plotted && now !== figure.data;
        if (ticket !== window.networkFollowing || replaced || serverDrawing()) { return no; }
        return drawn();
      });
    },
    /* The page's own address, as first read: a bare one is the page as served (the default
       view), and asks the server nothing. Anything else is dashboard.js's read_when_foreign. */
    read_when_foreign: function (search, hash) {
      var first = !window.networkAddressRead;
      window.networkAddressRead = true;
      if (first && !search && !hash) { return window.dash_clientside.no_update; }
      return window.dash_clientside.dashboard.read_when_foreign(search, hash);
    },
  },
});

/* Whether the table's box holds the grid (not the stand-in the page is served with). */
function isGrid(box) {
  return Boolean(box && box.namespace === "dash_ag_grid");
}

/* Load Dash AG Grid's bundle once; resolves when it is ready. */
function loadGrid() {
  if (window.dash_ag_grid && !window.dash_ag_grid.standIn) { return Promise.resolve(); }
  if (!window.networkGridLoading) {
    window.networkGridLoading = new Promise(function (resolve, reject) {
      var link = document.getElementById("grid-bundle");
      if (!link) { reject(new Error("Dash AG Grid's bundle is not named in the page")); return; }
      var script = document.createElement("script");
      script.src = link.getAttribute("href");
      script.onload = function () { resolve(); };
      script.onerror = function () {
        window.networkGridLoading = null;
        reject(new Error("Dash AG Grid's bundle did not load"));
      };
      document.head.appendChild(script);
    });
  }
  return window.networkGridLoading;
}

/* How long a new selection's figure waits for its panel at most (ms). */
var PANEL_WAIT_MS = 400;

/* The graph's Plotly div (dcc.Graph's, inside the network-graph component), as a selector
   and as found now (null before Plotly has drawn it). */
var GRAPH_PLOT = "#network-graph .js-plotly-plot";
function graphDiv() {
  return document.querySelector(GRAPH_PLOT);
}

/* The data of the figure Plotly holds now. */
function graphData() {
  var gd = graphDiv();
  return gd ? gd.data : null;
}

/* Resolves once the evidence panel's content has changed and the frame that paints it is
   rendered (afterPaint, dashboard.js: a task posted from that frame's animation frame, which
   runs after its style, layout and paint, and after any task posted there before it), or after
   wait ms: Plotly's redraw then holds the page for some 20 ms, with the quotes already on the
   screen. */
function panelShown(wait) {
  return new Promise(function (resolve) {
    var panel = document.getElementById("evidence-panel");
    var done = false;
    var observer = null;
    var timer = null;
    var finish = function () {
      if (done) { return; }
      done = true;
      if (observer) { observer.disconnect(); }
      clearTimeout(timer);
      afterPaint().then(resolve);
    };
    if (panel && window.MutationObserver) {
      observer = new MutationObserver(finish);
      observer.observe(panel, { childList: true, subtree: true, characterData: true });
    }
    timer = setTimeout(finish, wait);
  });
}

/* The figure figure/small.py draws for a view (its _draw), from a figure of the same key: the
   relation types ticked (relations), the selection ({kind, id}) and the focus ("all", "1",
   "2"). Every number is the server's, or computed as the server computes it, in the same
   order, so that the two figures are equal to the last bit (tests/test_network_js.py). */
function smallFigure(figure, meta, relations, selection, focus) {
  var E = meta.edges;
  var n = E.id.length;
  var nodes = null;
  figure.data.forEach(function (trace) { if (trace.name === "actors") { nodes = trace; } });
  var actorIds = nodes.customdata;
  // The view, cleaned as state.from_controls cleans it.
  var chosen = new Set(Array.isArray(relations) ? relations : []);
  var actor = null;
  var edge = null;
  if (selection && typeof selection === "object" && typeof selection.id === "string") {
    var at = -1;
    if (selection.kind === "actor") { at = actorIds.indexOf(selection.id); }
    if (selection.kind === "edge") { at = E.id.indexOf(selection.id); }
    if (at >= 0 && selection.kind === "actor") { actor = at; }
    if (at >= 0 && selection.kind === "edge") { edge = at; }
  }
  var steps = focus === "1" ? 1 : focus === "2" ? 2 : null;
  // What passes (filters.passing_edges): the relation types ticked, and with an actor and a
  // focus, the edges between actors that many steps away from it through those.
  var passing = [];
  var i;
  for (i = 0; i < n; i++) { passing.push(chosen.has(meta.relations[E.relation[i]].id)); }
  if (actor !== null && steps) {
    var near = neighbourhood(E, passing, actor, steps);
    for (i = 0; i < n; i++) { passing[i] = passing[i] && near.has(E.source[i]) && near.has(E.target[i]); }
  }
  if (edge !== null && !passing[edge]) { edge = null; }
  // What stands out (small._lit): everything without a selection or with a focus.
  var every = (actor === null && edge === null) || (actor !== null && Boolean(steps));
  var lit = function (k) {
    return every || (actor !== null && (E.source[k] === actor || E.target[k] === actor)) || k === edge;
  };
  // The lines are layout shapes (small._draw): Plotly then redraws three traces, not one per
  // relation type, certainty and width.
  var shapes = [];
  if (edge !== null) { shapes.push(Object.assign({}, meta.glow, { path: path(meta, [edge]) })); }
  var byType = meta.relations.map(function () { return []; });
  var drawn = [];
  for (i = 0; i < n; i++) {
    if (passing[i]) { byType[E.relation[i]].push(i); drawn.push(i); }
  }
  byType.forEach(function (members, code) {
    if (members.length) { shapes.push.apply(shapes, relationShapes(meta, code, members, lit)); }
  });
  var data = [];
  if (drawn.length) { data.push(midpoints(meta, drawn, lit)); }
  data.push(actorsTrace(meta, nodes, passing, actor, edge, every, lit));
  var annotations = passing.some(Boolean) ? [] : [meta.none];
  return {
    data: data,
    layout: Object.assign({}, figure.layout, { annotations: annotations, shapes: shapes }),
  };
}

/* The actors at most steps relations away from actor (itself included), through the edges
   that pass (graph.neighbourhood). */
function neighbourhood(E, passing, actor, steps) {
  var links = new Map();
  var link = function (a, b) {
    if (!links.has(a)) { links.set(a, []); }
    links.get(a).push(b);
  };
  for (var i = 0; i < E.id.length; i++) {
    if (passing[i]) { link(E.source[i], E.target[i]); link(E.target[i], E.source[i]); }
  }
  var reached = new Set([actor]);
  var frontier = [actor];
  for (var s = 0; s < steps; s++) {
    var next = [];
    frontier.forEach(function (a) {
      (links.get(a) || []).forEach(function (b) {
        if (!reached.has(b)) { reached.add(b); next.push(b); }
      });
    });
    frontier = next;
  }
  return reached;
}

/* The members' lines as one SVG path (small._path): straight from source to target, or a
   quadratic Bézier through the control point. A number joined to a string is written as
   small.js_number writes it. */
function path(meta, members) {
  var E = meta.edges;
  var out = "";
  members.forEach(function (i) {
    out += "M" + E.sx[i] + "," + E.sy[i];
    out += E.cx[i] === null ? "L" : "Q" + E.cx[i] + "," + E.cy[i] + " ";
    out += E.tx[i] + "," + E.ty[i];
  });
  return out;
}

/* One relation type's lines (small._relation_shapes): one path per certainty, lit or not and
   width. */
function relationShapes(meta, code, members, lit) {
  var E = meta.edges;
  var relation = meta.relations[code];
  var shapes = [];
  [false, true].forEach(function (stated) {
    [false, true].forEach(function (on) {
      var kind = members.filter(function (i) { return E.stated[i] === stated && lit(i) === on; });
      var widths = Array.from(new Set(kind.map(function (i) { return E.width[i]; })));
      widths.sort(function (a, b) { return a - b; });
      widths.forEach(function (width) {
        shapes.push(Object.assign({}, meta.shape, {
          path: path(meta, kind.filter(function (i) { return E.width[i] === width; })),
          line: { color: relation.colour, width: width, dash: relation.dash },
          opacity: (stated ? 1.0 : 0.5) * (on ? 1.0 : meta.faded),
          name: relation.id,
        }));
      });
    });
  });
  return shapes;
}

/* One trace of the members' midpoint marks (small._midpoints). */
function midpoints(meta, members, lit) {
  var E = meta.edges;
  var of = function (i) { return meta.relations[E.relation[i]]; };
  var pick = function (column) { return members.map(function (i) { return E[column][i]; }); };
  var colours = members.map(function (i) { return of(i).colour; });
  return {
    type: "scatter", x: pick("mx"), y: pick("my"), mode: "markers",
    customdata: pick("id"), hovertext: pick("hover"), hoverinfo: "text",
    marker: {
      symbol: members.map(function (i) {
        var shape = of(i).directed ? "triangle-up" : "circle";
        return E.stated[i] ? shape : shape + "-open";
      }),
      angle: members.map(function (i) { return of(i).directed ? E.angle[i] : 0; }),
      size: members.map(function (i) { return of(i).directed ? 12 : 9; }),
      color: colours, line: { color: colours, width: 1.5 },
      opacity: members.map(function (i) { return lit(i) ? 1.0 : meta.faded; }),
    },
    name: "relations", meta: members.map(function (i) { return of(i).id; }),
  };
}

/* The actors' trace (small._node_traces): those no edge that passes touches are faded; with a
   selection, all but its actors recede (small._selection_ends); the selected one is ringed. */
function actorsTrace(meta, nodes, passing, actor, edge, every, lit) {
  var E = meta.edges;
  var count = nodes.customdata.length;
  var touched = new Set();
  var ends = null;
  var allLit = true;
  for (var i = 0; i < E.id.length; i++) {
    if (!passing[i]) { continue; }
    touched.add(E.source[i]);
    touched.add(E.target[i]);
    if (!lit(i)) { allLit = false; }
  }
  if (!(allLit && edge === null && (actor === null || every))) {
    ends = new Set(actor === null ? [] : [actor]);
    for (i = 0; i < E.id.length; i++) {
      if (passing[i] && lit(i)) { ends.add(E.source[i]); ends.add(E.target[i]); }
    }
  }
  var opacity = [], text = [], ring = [], width = [];
  for (var a = 0; a < count; a++) {
    var full = touched.has(a) || a === actor;
    if (ends !== null) { full = full && ends.has(a); }
    var selected = a === actor ? 0 : 1;
    opacity.push(full ? 1.0 : meta.faded);
    text.push(meta.text[full ? 0 : 1]);
    ring.push(meta.ring.color[selected]);
    width.push(meta.ring.width[selected]);
  }
  var marker = Object.assign({}, nodes.marker, {
    opacity: opacity, line: { color: ring, width: width },
  });
  var textfont = Object.assign({}, nodes.textfont, { color: text });
  return Object.assign({}, nodes, { marker: marker, textfont: textfont });
}
