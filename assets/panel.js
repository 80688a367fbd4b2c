/* The evidence panel's relations and their quotes (dashboard/panel.py, EvidenceList), drawn by
   React as one Dash component.

   Dash draws each of its own components through a wrapper of its own, about a millisecond
   apiece: a busy actor's quotes as html components (hundreds) took half a second, and as
   Markdown they had to be parsed first. Here the server sends the quotes as data and this draws
   them at once. Every string from the data is a React text child, never read as HTML.

   groups: [{heading, colour, edges: [edge]}], a group without a heading draws its edges only;
   edge: {key, sentence: [text or {id: {actor, edge}, name}], badges: [{text, className}],
          quotes: [quote]};
   quote: {parts: [text, mention, text, ...], meta: [text or {chip}], anchor}.
   A name in a sentence is a button with data-actor: assets/dashboard.js selects that actor.
*/
(function () {
  "use strict";
  var h = window.React.createElement;

  function element(type, props, children) {
    return h.apply(null, [type, props].concat(children));  // children as arguments: no keys
  }

  function actorRef(piece) {
    if (typeof piece === "string") { return piece; }
    return h("button", {
      type: "button", className: "actor-link", "data-actor": piece.id.actor,
      title: "Show " + piece.name,
    }, piece.name);
  }

  function quoteItem(quote, index) {
    var children = ["\u201c"];
    (quote.parts || []).forEach(function (part, i) {
      children.push(i % 2 ? h("strong", null, part) : part);  // odd parts are mentions
    });
    children.push("\u201d");
    var meta = [];
    (quote.meta || []).forEach(function (item, i) {
      if (i) { meta.push(" \u00b7 "); }
      meta.push(typeof item === "string" ? item : h("code", null, item.chip));
    });
    meta.push(" \u00b7 ", h("a", { href: "#" + quote.anchor }, "show in article"));
    children.push(element("span", { className: "quote-meta" }, meta));
    return element("li", { key: index }, children);
  }

  function edgeBlock(edge, level, index) {
    var heading = (edge.sentence || []).map(actorRef);
    (edge.badges || []).forEach(function (badge) {
      heading.push(" ", h("span", { className: badge.className }, badge.text));
    });
    return h("div", { key: edge.key + "#" + index, className: "edge-block" },
      element(level === 3 ? "h3" : "h4", { className: "edge-sentence" }, heading),
      h("ul", { className: "quotes" }, (edge.quotes || []).map(quoteItem)));
  }

  function EvidenceList(props) {
    var drawn = [];
    (props.groups || []).forEach(function (group, g) {
      if (group.heading) {
        drawn.push(h("h3", {
          key: "group-" + g, className: "relation-heading",
          style: { borderLeftColor: group.colour },
        }, group.heading));
      }
      (group.edges || []).forEach(function (edge, e) {
        drawn.push(edgeBlock(edge, props.level, g + "-" + e));
      });
    });
    return h("div", { id: props.id, className: props.className }, drawn);
  }

  window.dashboard = Object.assign({}, window.dashboard, { EvidenceList: EvidenceList });
})();
