/* Static parts of the page (dashboard/page/markup.py, Markup), drawn by React as one Dash
   component: as Dash html components, each element was drawn through Dash's own wrapper.
   tree: a node {tag, props, children}, a text, or a list of them. Only the elements and
   attributes markup.py lets through are drawn; every string is a React text child or
   attribute, never read as HTML. */
(function () {
  "use strict";
  var h = window.React.createElement;
  var TAGS = {};
  "div span p ul ol li h1 h2 h3 h4 details summary strong em code abbr small".split(" ")
    .forEach(function (tag) { TAGS[tag] = true; });
  var ATTRIBUTES = {id: 1, className: 1, style: 1, title: 1, role: 1, hidden: 1, lang: 1};

  function draw(node, key) {
    if (node === null || node === undefined) { return null; }
    if (typeof node === "string") { return node; }
    if (Array.isArray(node)) {
      return node.map(function (child, i) { return draw(child, i); });
    }
    if (!TAGS[node.tag]) { return null; }
    var props = {key: key};
    var given = node.props || {};
    Object.keys(given).forEach(function (name) {
      if (ATTRIBUTES[name] || name.indexOf("aria-") === 0) { props[name] = given[name]; }
    });
    return h(node.tag, props, draw(node.children));
  }

  function Markup(props) {
    var drawn = draw(props.tree, 0);
    return Array.isArray(drawn) ? h(window.React.Fragment, null, drawn) : drawn;
  }

  window.dashboard = Object.assign({}, window.dashboard, {Markup: Markup});
})();
