// redceci operations: the server's reasons (English) in the page's language, for the staff room
// page, the roll-call and the director's board. The page gives a table of [pattern, text] (data-reasons); a text's
// {name} is the pattern's named group, and {kind} an event kind's label (data-labels "kind_...").
(function () {
  "use strict";
  window.RedceciReasons = function (table, labels) {
    var reasons = JSON.parse(table || "[]").map(function (p) { return [new RegExp(p[0]), p[1]]; });
    return function reasonText(text) {
      for (var i = 0; i < reasons.length; i++) {
        var m = reasons[i][0].exec(text || "");
        if (!m) continue;
        return reasons[i][1].replace(/\{(\w+)\}/g, function (all, name) {
          var v = (m.groups || {})[name];
          if (v === undefined) return all;
          return name === "kind" && labels["kind_" + v] ? labels["kind_" + v] : v;
        });
      }
      return text || "";
    };
  };
})();
