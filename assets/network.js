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
      if (tab !== "table" || !isGrid(grid)) { return window.dash_clientside.no_update; }
      return { tab: tab, at: Date.now() };
    },
    /* A small figure without a selection follows the relation filter here, with no round trip
       (figure/small.py, "filterable"; the server then sends nothing): the traces of the types
       the filter hides get visible: false, the actors no shown type touches fade, and the
       "no relation" note shows when nothing passes. The figure's layout.meta.filter says what
       each actor touches; a figure without it is the server's to redraw. */
    filter_figure: function (relations, figure) {
      var meta = figure && figure.layout && figure.layout.meta && figure.layout.meta.filter;
      if (!meta || !Array.isArray(relations)) { return window.dash_clientside.no_update; }
      var chosen = new Set(relations);
      var full = meta.touch.map(function (types) {
        return types.some(function (type) { return chosen.has(type); });
      });
      var data = figure.data.map(function (trace) {
        if (trace.name === "actors") {
          var marker = Object.assign({}, trace.marker, {
            opacity: full.map(function (on) { return meta.opacity[on ? 0 : 1]; }),
          });
          var textfont = Object.assign({}, trace.textfont, {
            color: full.map(function (on) { return meta.text[on ? 0 : 1]; }),
          });
          return Object.assign({}, trace, { marker: marker, textfont: textfont });
        }
        if (typeof trace.meta !== "string") { return trace; }
        var visible = chosen.has(trace.meta);
        return trace.visible === visible ? trace : Object.assign({}, trace, { visible: visible });
      });
      var annotations = full.some(Boolean) ? [] : [meta.none];
      return { data: data, layout: Object.assign({}, figure.layout, { annotations: annotations }) };
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
