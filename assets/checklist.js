/* The relation types' checklist (dashboard/page/filters.py, RelationChecklist), drawn by React
   as one Dash component.

   As a dcc.Checklist, each type's label (a line swatch, the type's name, its count) was three
   or four Dash components, each drawn through Dash's own wrapper: the 21 types of the seed
   took about 60 ms of the page's load, more than a third of what the bare page takes in all.
   Here the server sends the types as data, and this draws the list at once, with the markup
   and classes dcc.Checklist gives (Dash's own CSS styles it, tests and keys find it alike).
   Every string from the data is a React text child or attribute, never read as HTML.

   options: [{value, label, title, colour, line ("solid", "dashed" or "dotted"), count}];
   value: the chosen values; labelledBy: the id of the list's title (its accessible name).
   A tick or untick sets value as dcc.Checklist does: a value unticked leaves the list, one
   ticked is added at its end.
*/
(function () {
  "use strict";
  var h = window.React.createElement;

  function option(props, chosen, item, index) {
    var on = chosen.indexOf(item.value) >= 0;
    function change(event) {
      var value = (props.value || []).filter(function (v) { return v !== item.value; });
      if (event.target.checked) { value.push(item.value); }
      props.setProps({ value: value });
    }
    return h("label", {
      key: String(item.value),
      className: "dash-options-list-option" + (on ? " selected" : ""),
      "data-option-index": index,
    },
      h("span", { className: "dash-options-list-option-wrapper" },
        h("input", {
          type: "checkbox", name: props.id, value: item.value, checked: on, onChange: change,
          className: "dash-options-list-option-checkbox " + (props.inputClassName || ""),
        })),
      h("span", { className: "dash-options-list-option-text " + (props.labelClassName || "") },
        h("span", { title: item.title || undefined },
          h("span", {
            className: "line-swatch",
            style: { borderTop: "3px " + (item.line || "solid") + " " + (item.colour || "#444") },
          }),
          h("span", { className: "option-label" }, item.label),
          h("span", { className: "option-count" }, String(item.count)))));
  }

  function RelationChecklist(props) {
    var chosen = props.value || [];
    return h("div", {
      id: props.id,
      className: "dash-options-list dash-checklist " + (props.className || ""),
      role: "group",
      "aria-labelledby": props.labelledBy || undefined,
    }, (props.options || []).map(function (item, index) {
      return option(props, chosen, item, index);
    }));
  }

  window.dashboard = Object.assign({}, window.dashboard, { RelationChecklist: RelationChecklist });
})();
