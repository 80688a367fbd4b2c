/* Actor labels that fit the plot as drawn: after every draw of the network graph (a new figure,
   a resize, a pan or a zoom), each label takes the first place, of above its marker (where
   Plotly draws it), below, right and left, where it covers no label placed before it, no other
   actor's marker, and stays inside the plot; with no such place it is hidden. The selected
   actor's label comes first, then the biggest actors'. A label with no such place is tried
   again shortened (its first word, at most 8 characters, and "…"), then hidden; the whole
   name shows on tap (the hover text), and zooming in brings it back. The server sends every
   actor's label (figure/shared.py, _labels).

   Only a small figure's actors trace is handled: a large one labels a few actors apart already.
*/
(function () {
  "use strict";

  var GRAPH_ID = "network-graph";
  var SLACK = 0.5;  // px: the drawn text's box is rounded
  var GAP = 2;  // px between a label and its marker, and between two labels
  var SHORT = 8;  // characters of a shortened label at most, with its "…"
  var MOST = 1000;  // labels handled at most: a large figure's are few and apart already

  function listOf(value, n, fallback) {
    if (Array.isArray(value)) { return value; }
    var list = [];
    for (var i = 0; i < n; i++) { list.push(value === undefined ? fallback : value); }
    return list;
  }

  /* The drawn box of each label's text, read in one go: reading a box after a write (a style,
     a text) makes the browser lay the page out again, once per label if reads and writes
     alternate. */
  function boxes(els) {
    return els.map(function (el) {
      var r = el.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
    });
  }

  function fit(gd) {
    var full = gd._fullLayout;
    if (!full || !full.xaxis || !gd.data) { return; }
    var index = -1;
    for (var t = 0; t < gd.data.length; t++) {
      if (gd.data[t].name === "actors" && gd.data[t].text) { index = t; break; }
    }
    if (index < 0) { return; }
    var trace = gd.data[index];
    var layer = gd.querySelectorAll(".scatterlayer .trace")[index];
    if (!layer) { return; }
    var texts = layer.querySelectorAll(".textpoint text");
    if (!texts.length || texts.length > MOST) { return; }
    var n = trace.x.length;
    var sizes = listOf(trace.marker && trace.marker.size, n, 6);
    var rings = listOf(trace.marker && trace.marker.line && trace.marker.line.width, n, 0);
    // Writes first: every label as Plotly drew it (a label hidden, moved or shortened at the
    // last draw may fit now; a shortened one gets its whole name back if its point is the same).
    var els = [];
    for (var k = 0; k < texts.length; k++) {
      var el = texts[k];
      el.style.display = "";
      el.style.transform = "";
      var d = el.parentNode.__data__;
      if (!d || d.i === undefined) { continue; }
      if (el._fullLabel !== undefined && el._rawLabel === trace.text[d.i]) {
        el.textContent = el._fullLabel;
      }
      el._fullLabel = el.textContent;
      el._rawLabel = trace.text[d.i];
      if (el.textContent) { els.push(el); }
    }
    // Then the reads, in one layout.
    var xa = full.xaxis, ya = full.yaxis, box = gd.getBoundingClientRect();
    var drawn = boxes(els);
    var cx = [], cy = [];
    for (var i = 0; i < n; i++) {
      cx.push(box.left + xa._offset + xa.c2p(trace.x[i]));
      cy.push(box.top + ya._offset + ya.c2p(trace.y[i]));
    }
    var plot = {left: box.left + xa._offset, right: box.left + xa._offset + xa._length,
                top: box.top + ya._offset, bottom: box.top + ya._offset + ya._length};
    var labels = [];
    els.forEach(function (el, m) {
      var r = drawn[m], i = el.parentNode.__data__.i;
      if (!r.width) { return; }
      labels.push({el: el, i: i, name: el.textContent, short: shorten(el.textContent),
                   left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                   size: sizes[i], selected: rings[i] > 2});
    });
    labels.sort(function (a, b) {
      return (b.selected - a.selected) || (b.size - a.size) || (a.i - b.i);
    });
    var kept = [];
    // what the plot shows, for an image export (which draws the figure anew, without this file)
    var shown = {trace: index, text: trace.text.map(function () { return ""; }),
                 position: trace.text.map(function () { return "top center"; })};
    gd._labelsShown = shown;
    function clear(b, own) {
      if (b.left < plot.left - SLACK || b.right > plot.right + SLACK ||
          b.top < plot.top - SLACK || b.bottom > plot.bottom + SLACK) { return false; }
      for (var m = 0; m < kept.length; m++) {
        var o = kept[m];
        if (Math.min(b.right, o.right) - Math.max(b.left, o.left) > -GAP &&
            Math.min(b.bottom, o.bottom) - Math.max(b.top, o.top) > -GAP) { return false; }
      }
      for (var j = 0; j < n; j++) {
        if (j === own) { continue; }
        var nx = Math.min(Math.max(cx[j], b.left), b.right);
        var ny = Math.min(Math.max(cy[j], b.top), b.bottom);
        if (Math.hypot(cx[j] - nx, cy[j] - ny) < sizes[j] / 2 + SLACK) { return false; }
      }
      return true;
    }
    // The first place of above (as drawn), below (mirrored about the marker's centre), right
    // and left where the box is clear: {dx, dy, position}, or null.
    function place(label, b0) {
      var x = cx[label.i], y = cy[label.i], r = sizes[label.i] / 2;
      var middle = (b0.top + b0.bottom) / 2;
      var moves = [[0, 0], [0, 2 * y - b0.top - b0.bottom],
                   [x + r + GAP - b0.left, y - middle], [x - r - GAP - b0.right, y - middle]];
      var names = ["top center", "bottom center", "middle right", "middle left"];
      for (var p = 0; p < moves.length; p++) {
        var dx = moves[p][0], dy = moves[p][1];
        var b = {left: b0.left + dx, right: b0.right + dx, top: b0.top + dy, bottom: b0.bottom + dy};
        if (clear(b, label.i)) {
          kept.push(b);
          return {dx: dx, dy: dy, position: names[p]};
        }
      }
      return null;
    }
    // A shortened name's box is read only if some label needs it: all of them in one layout.
    var shortBoxes = null;
    function measureShort() {
      var changed = labels.filter(function (l) { return l.short !== l.name; });
      changed.forEach(function (l) { l.el.textContent = l.short; });
      boxes(changed.map(function (l) { return l.el; })).forEach(function (b, m) {
        changed[m].shortBox = b;
      });
      changed.forEach(function (l) { l.el.textContent = l.name; });
      shortBoxes = true;
    }
    // Placed in order, with no write in between; no room for the whole name: its first word,
    // or its first letters, and "…"; no room for that either: hidden.
    labels.forEach(function (label) {
      label.text = label.name;
      label.spot = place(label, label);
      if (label.spot || label.short === label.name) { return; }
      if (!shortBoxes) { measureShort(); }
      label.spot = place(label, label.shortBox);
      if (label.spot) { label.text = label.short; }
    });
    // Last, the writes.
    labels.forEach(function (label) {
      var spot = label.spot;
      if (!spot) { label.el.style.display = "none"; return; }
      if (label.text !== label.name) { label.el.textContent = label.text; }
      if (spot.dx || spot.dy) {
        label.el.style.transform = "translate(" + spot.dx + "px, " + spot.dy + "px)";
      }
      shown.text[label.i] = escape(label.text);
      shown.position[label.i] = spot.position;
    });
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* An image export (Save as PNG or SVG) draws the labels the plot shows, where it shows them. */
  function exported(gd) {
    var shown = gd._labelsShown;
    if (!shown || !gd.data[shown.trace]) { return gd; }
    var data = gd.data.map(function (trace, n) {
      return n === shown.trace ?
        Object.assign({}, trace, {text: shown.text, textposition: shown.position}) : trace;
    });
    return {data: data, layout: gd.layout, config: gd._context};
  }

  function wrapExport() {
    var plotly = window.Plotly;
    if (!plotly || !plotly.downloadImage || plotly.downloadImage._labelsFit) { return; }
    var original = plotly.downloadImage;
    plotly.downloadImage = function (gd, options) {
      var holder = document.getElementById(GRAPH_ID);
      var graph = holder && holder.querySelector(".js-plotly-plot");
      return original.call(this, gd && gd === graph ? exported(gd) : gd, options);
    };
    plotly.downloadImage._labelsFit = true;
    plotly.downloadImage._exported = exported;
  }

  function shorten(name) {
    var first = name.split(/\s+/)[0];
    var short = first.length < name.length ? first : name;
    if (short.length > SHORT) { short = short.slice(0, SHORT - 1); }
    return short === name ? name : short + "\u2026";
  }

  function watch() {
    var holder = document.getElementById(GRAPH_ID);
    var gd = holder && holder.querySelector(".js-plotly-plot");
    wrapExport();
    if (!gd || !gd.on || gd.dataset.labelsFit) { return; }
    gd.dataset.labelsFit = "1";
    gd.on("plotly_afterplot", function () { fit(gd); });
    fit(gd);
  }

  new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
}());
