/* confnotes tool index: a filter box over the entries, and the entry a link
   points at opened. Progressive enhancement: without this script every tool is
   listed, each entry's detail one click away (<details>). No dependencies.

   Data: a <script type="application/json" class="confnotes-tool-filter-data">
   in the index, written by confnotes (listings/tool_index.py):
     {"labels": {"lang": "nl", "label": ..., "placeholder": ..., "none": ...,
                 "all": {<CLDR plural category>: "{n} tools", ...},
                 "shown": {<category>: "{shown} of {total} tools", ...}},
      "names": {"tool-pandas": ["pandas", "pd", ...], ...}}
   laid over the English defaults below; without it the filter matches the
   names shown and speaks English. */
(function () {
  "use strict";
  // BEGIN LABELS (English: confnotes.listings.tool_index.filter_labels(messages("en")))
  var EN = {
    "all": {"one": "{n} tool", "other": "{n} tools"},
    "label": "Filter tools",
    "lang": "en",
    "none": "No tool matches.",
    "placeholder": "Type a tool name",
    "shown": {"one": "{shown} of {total} tool", "other": "{shown} of {total} tools"}
  };
  // END LABELS

  function fold(text) {
    // Case and accents do not matter: "Scikit", "scikit", "ScíKit".
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(template, fields) {
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (m, name) {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      return name in fields ? fields[name] : m;
    });
  }

  function entryOf(id) {
    var el = id ? document.getElementById(id) : null;
    return el && el.closest ? el.closest(".confnotes-tool-entry") : null;
  }

  // A link to a tool (#tool-pandas, from the notes or the categories) opens its entry.
  function openTarget() {
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    var entry = entryOf(id);
    var more = entry && entry.querySelector("details");
    if (more) more.open = true;
  }

  function setup(index, k) {
    var labels = {}, names = {};
    var data = index.querySelector("script.confnotes-tool-filter-data");
    try {
      var parsed = data ? JSON.parse(data.textContent) : {};
      labels = parsed.labels || {};
      names = parsed.names || {};
    } catch (e) { /* English, names as shown */ }
    var L = {};
    Object.keys(EN).forEach(function (key) { L[key] = key in labels ? labels[key] : EN[key]; });
    var plural, number;
    try {
      plural = new Intl.PluralRules(L.lang);
      number = new Intl.NumberFormat(L.lang);
    } catch (e) {
      plural = new Intl.PluralRules("en");
      number = new Intl.NumberFormat("en");
    }
    function counted(forms, n, fields) {
      var template = typeof forms === "string" ? forms : forms[plural.select(n)] || forms.other;
      return fill(template, fields);
    }

    var entries = Array.prototype.slice.call(index.querySelectorAll(".confnotes-tool-entry"));
    if (!entries.length) return;
    var keys = entries.map(function (entry) {
      var shown = entry.querySelector(".confnotes-tool-name strong");
      return fold((names[entry.id] || []).concat(shown ? [shown.textContent] : []).join("\n"));
    });

    var box = document.createElement("div");
    box.className = "confnotes-tool-filter";
    box.setAttribute("role", "search");
    var id = "confnotes-tool-filter-" + k;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = L.label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.placeholder = L.placeholder;
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("p");
    status.className = "confnotes-tool-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    index.insertBefore(box, index.firstChild);

    var children = Array.prototype.slice.call(index.children);
    function apply() {
      var q = fold(input.value.trim());
      var shown = 0;
      entries.forEach(function (entry, i) {
        var hit = !q || keys[i].indexOf(q) !== -1;
        entry.hidden = !hit;
        if (hit) shown += 1;
      });
      // Letters without a shown entry go; the categories (a second list of
      // every tool) step aside while a filter is on.
      var rubric = null, any = false, categories = false;
      children.forEach(function (el) {
        if (el === box) return;
        if (el.id === "tools-by-category") categories = true;
        if (categories) {
          el.hidden = !!q;
        } else if (el.classList.contains("confnotes-letter")) {
          if (rubric) rubric.hidden = !any;
          rubric = el;
          any = false;
        } else if (el.classList.contains("confnotes-tool-entry") && !el.hidden) {
          any = true;
        }
      });
      if (rubric) rubric.hidden = !any;
      if (!q) {
        status.textContent = "";
      } else if (!shown) {
        status.textContent = L.none;
      } else {
        status.textContent = counted(L.shown, entries.length, {
          shown: number.format(shown),
          total: number.format(entries.length)
        });
      }
    }
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 60);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
        event.preventDefault();
      } else if (event.key === "Enter") {
        // To the first tool shown: its line opens with Enter or Space.
        apply();
        var first = entries.filter(function (e) { return !e.hidden; })[0];
        var line = first && first.querySelector("summary");
        if (line) line.focus();
        event.preventDefault();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".confnotes-tool-index"), setup);
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
