/* Clientside callbacks: what needs the browser itself (scrolling, Plotly's image export). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* After the article is drawn, bring the marked sentence into view and give it the focus,
       so that a keyboard or screen-reader user lands where a "show in article" link points. */
    scroll_to_marked: function () {
      window.requestAnimationFrame(function () {
        var marked = document.querySelector("#article-view .sentence-marked");
        if (marked) {
          marked.scrollIntoView({ block: "center" });
          if (marked.tagName === "A") { marked.focus({ preventScroll: true }); }
        }
      });
      return window.dash_clientside.no_update;
    },
    /* Save the graph as drawn (zoom, filter, selection) as SVG or PNG. */
    download_figure: function () {
      var triggered = window.dash_clientside.callback_context.triggered;
      if (!triggered.length || !triggered[0].value) { return window.dash_clientside.no_update; }
      var format = JSON.parse(triggered[0].prop_id.split(".")[0]).format;
      var graph = document.querySelector("#network-graph .js-plotly-plot");
      if (graph && window.Plotly && (format === "svg" || format === "png")) {
        window.Plotly.downloadImage(graph, {
          format: format, filename: "network", scale: format === "png" ? 2 : 1,
          width: graph.clientWidth, height: graph.clientHeight,
        });
      }
      return format;
    },
  },
});
