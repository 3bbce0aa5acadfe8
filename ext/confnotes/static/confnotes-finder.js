/* confnotes talk finder: filters the server-rendered list from a compact index.
   No dependencies; state lives in the URL (?tool=polars&year=2023&q=text).

   Labels: every word the script shows comes from a JSON object in the finder
   container (a <script type="application/json" class="confnotes-finder-labels">
   child, or a data-labels attribute), in the page's language, laid over the
   English defaults below (EN); without it, or with one that does not parse, the
   finder speaks English. confnotes writes it from
   confnotes.i18n.finder_labels(messages(language)): the keys of
   confnotes.i18n.FINDER_LABELS plus "lang".
     <div class="confnotes-finder ..."><script type="application/json"
       class="confnotes-finder-labels">{"lang": "nl", "facet.year": "Jaar", ...}</script>
   - "lang": BCP 47 tag of the labels. Numbers (Intl.NumberFormat), plural
     categories (Intl.PluralRules) and language names (Intl.DisplayNames) follow it.
   - Every other key holds a template whose {name} fields the script fills
     ({{ and }} are literal braces); a key whose text depends on a count holds an
     object of templates keyed by Intl.PluralRules category ("zero", "one", "two",
     "few", "many", "other"; "other" is always there). Fields per key:
       option       {label} {count}     a filter value and its number of talks
       talks        {n}                 counted: all talks
       talks_shown  {shown} {total}     counted by {total}: talks matching the filters
       show_more    {n}                 counted: the button showing the next results
   - "facet.<name>" labels each filter; "kind.<value>" and "status.<value>" show
     those values; language values are shown by name, others as indexed.
*/
(function () {
  "use strict";
  var data = window.confnotesFinderData;
  var box = document.querySelector(".confnotes-finder");
  if (!data || !box) return;
  // BEGIN LABELS (English: confnotes.i18n.finder_labels(messages("en")), checked by tests/test_i18n.py)
  var EN = {
    "lang": "en",
    "form": "Filter talks",
    "search": "Search titles, speakers and tools",
    "search_placeholder": "Type to filter the talks",
    "all": "All",
    "option": "{label} ({count})",
    "facet.conference": "Conference",
    "facet.year": "Year",
    "facet.tool": "Tool",
    "facet.speaker": "Speaker",
    "facet.track": "Track",
    "facet.room": "Room",
    "facet.kind": "Kind",
    "facet.language": "Language",
    "facet.status": "Status",
    "with_video": "With video",
    "with_slides": "With slides",
    "clear": "Clear filters",
    "no_match": "No talk matches these filters.",
    "talks": {"one": "{n} talk", "other": "{n} talks"},
    "talks_shown": {"one": "{shown} of {total} talk", "other": "{shown} of {total} talks"},
    "show_more": {"one": "Show {n} more", "other": "Show {n} more"},
    "kind.talk": "Talk",
    "kind.keynote": "Keynote",
    "kind.tutorial": "Tutorial",
    "kind.workshop": "Workshop",
    "kind.lightning": "Lightning talk",
    "kind.panel": "Panel",
    "status.scheduled": "Scheduled",
    "status.cancelled": "Cancelled",
    "status.postponed": "Postponed"
  };
  // END LABELS
  var L = {};
  var labels = box.querySelector("script.confnotes-finder-labels");
  try {
    L = JSON.parse((labels ? labels.textContent : box.getAttribute("data-labels")) || "{}") || {};
  } catch (e) { L = {}; }
  var lang = typeof L.lang === "string" && L.lang ? L.lang : EN.lang;
  if (typeof L.lang !== "string" || !L.lang) L = {};  // labels without a language: English
  var numbers = null, plurals = null, names = null;
  try { numbers = new Intl.NumberFormat(lang); } catch (e) { /* digits as they are */ }
  try { plurals = new Intl.PluralRules(lang); } catch (e) { /* English rule below */ }
  try { names = new Intl.DisplayNames([lang], { type: "language" }); } catch (e) { /* codes */ }
  function num(n) { return numbers ? numbers.format(n) : String(n); }
  function text(key) {
    return typeof L[key] === "string" ? L[key] : typeof EN[key] === "string" ? EN[key] : key;
  }
  function fill(template, vars) {
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (m, k) {
      if (!k) return m.charAt(0);
      if (!Object.prototype.hasOwnProperty.call(vars, k)) return m;
      return typeof vars[k] === "number" ? num(vars[k]) : String(vars[k]);
    });
  }
  function counted(key, n, vars) {
    var forms = L[key] && typeof L[key] === "object" ? L[key] : EN[key];
    var t = forms[plurals ? plurals.select(n) : n === 1 ? "one" : "other"];
    if (typeof t !== "string") t = forms.other;
    if (typeof t !== "string") t = EN[key][n === 1 ? "one" : "other"];
    if (!("n" in vars)) vars.n = n;
    return fill(t, vars);
  }
  var root = document.documentElement.dataset.content_root || "";
  var F = data.facets, V = data.values, T = data.t, N = F.length, LIMIT = 200;
  var MULTI = { tool: 1, speaker: 1 };
  // How each value is shown: kinds and statuses from the labels, languages by name.
  var SHOW = {};
  F.forEach(function (f) {
    SHOW[f] = V[f].map(function (e) {
      var key = f + "." + e[0];
      if ((f === "kind" || f === "status") && (typeof L[key] === "string" || typeof EN[key] === "string")) return text(key);
      if (f === "language" && names && !e[1]) {
        try { var name = names.of(e[0]); if (name) return name; } catch (x) { /* not a language tag */ }
      }
      return e[1] || e[0];
    });
  });
  var hay = T.map(function (t) {
    var s = [t[0]];
    F.forEach(function (f, i) {
      if (!MULTI[f]) return;
      t[3 + i].forEach(function (v) { s.push(SHOW[f][v]); });
    });
    return s.join(" ").toLowerCase();
  });
  var params = new URLSearchParams(location.search);
  var sel = F.map(function (f) {
    var k = params.get(f);
    if (k === null) return -1;
    for (var j = 0; j < V[f].length; j++) if (V[f][j][0] === k) return j;
    return -1;
  });
  var has = { video: params.get("has") === "video" || params.get("video") === "1",
              slides: params.get("slides") === "1" };
  var form = document.createElement("form");
  form.className = "confnotes-finder-form";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", text("form"));
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function field(labelText, control, id) {
    var wrap = document.createElement("div");
    wrap.className = "confnotes-finder-field";
    var l = document.createElement("label");
    l.htmlFor = id; l.textContent = labelText;
    control.id = id;
    wrap.appendChild(l); wrap.appendChild(control); form.appendChild(wrap);
  }
  var q = document.createElement("input");
  q.type = "search"; q.value = params.get("q") || ""; q.autocomplete = "off";
  q.placeholder = text("search_placeholder");
  field(text("search"), q, "confnotes-finder-q");
  var selects = F.map(function (f, i) {
    var s = document.createElement("select");
    s.addEventListener("change", function () { sel[i] = +s.value; update(); });
    var name = text("facet." + f);
    field(name === "facet." + f ? f : name, s, "confnotes-finder-" + f);
    return s;
  });
  var checks = {};
  ["video", "slides"].forEach(function (k) {
    var c = document.createElement("input");
    c.type = "checkbox"; c.checked = has[k]; checks[k] = c;
    c.addEventListener("change", function () { has[k] = c.checked; update(); });
    var wrap = document.createElement("div");
    wrap.className = "confnotes-finder-check";
    var l = document.createElement("label");
    l.appendChild(c); l.appendChild(document.createTextNode(" " + text("with_" + k)));
    wrap.appendChild(l); form.appendChild(wrap);
  });
  var clear = document.createElement("button");
  clear.type = "button"; clear.className = "confnotes-finder-clear";
  clear.textContent = text("clear");
  clear.addEventListener("click", function () {
    q.value = "";
    sel = sel.map(function () { return -1; });
    has.video = has.slides = checks.video.checked = checks.slides.checked = false;
    update();
    q.focus();
  });
  form.appendChild(clear);
  var status = document.createElement("p");
  status.className = "confnotes-finder-total";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var old = box.querySelector(".confnotes-finder-total");
  var list = box.querySelector(".confnotes-finder-results");
  if (old) old.remove();
  box.insertBefore(form, list);
  box.insertBefore(status, list);
  var more = document.createElement("button");
  more.type = "button"; more.className = "confnotes-finder-more";
  more.addEventListener("click", function () { shown += LIMIT; render(); });
  box.appendChild(more);
  // English fallback labels on a page in another language: say so to screen readers.
  var pageLang = (box.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
  if (pageLang && pageLang.toLowerCase() !== lang.toLowerCase()) {
    [form, status, more].forEach(function (el) { el.setAttribute("lang", lang); });
  }
  q.addEventListener("input", update);
  var matches = [], shown = LIMIT;

  function match(t, i) {
    var v = t[3 + i], s = sel[i];
    return s < 0 || (MULTI[F[i]] ? v.indexOf(s) >= 0 : v === s);
  }
  function update() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var counts = F.map(function (f) { return new Int32Array(V[f].length); });
    matches = [];
    for (var n = 0; n < T.length; n++) {
      var t = T[n], h = hay[n], ok = true, w;
      for (w = 0; w < words.length; w++) if (h.indexOf(words[w]) < 0) { ok = false; break; }
      if (!ok || (has.video && !(t[2] & 1)) || (has.slides && !(t[2] & 2))) continue;
      var miss = -1, misses = 0;
      for (var i = 0; i < N; i++) if (!match(t, i)) { miss = i; if (++misses > 1) break; }
      if (misses > 1) continue;
      // Counts per facet ignore that facet's own choice (what choosing a value would give).
      for (i = 0; i < N; i++) {
        if (misses === 1 && i !== miss) continue;
        var v = t[3 + i];
        if (MULTI[F[i]]) for (var k = 0; k < v.length; k++) counts[i][v[k]]++;
        else if (v >= 0) counts[i][v]++;
      }
      if (!misses) matches.push(n);
    }
    F.forEach(function (f, i) { fillSelect(selects[i], f, counts[i], sel[i]); });
    if (!matches.length && T.length) status.textContent = text("no_match");
    else if (matches.length === T.length) status.textContent = counted("talks", T.length, {});
    else status.textContent = counted("talks_shown", T.length, { shown: matches.length, total: T.length });
    shown = LIMIT;
    render();
    var p = new URLSearchParams();
    if (q.value) p.set("q", q.value);
    F.forEach(function (f, i) { if (sel[i] >= 0) p.set(f, V[f][sel[i]][0]); });
    if (has.video) p.set("video", "1");
    if (has.slides) p.set("slides", "1");
    var s = p.toString();
    clear.hidden = !s;
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  }
  function fillSelect(s, f, c, chosen) {
    // Large facets (speakers) show their 100 most frequent values among the matches.
    var idx = [];
    for (var j = 0; j < c.length; j++) if (c[j] || j === chosen) idx.push(j);
    if (idx.length > 100) {
      idx.sort(function (a, b) { return c[b] - c[a]; });
      idx = idx.slice(0, 100);
      if (chosen >= 0 && idx.indexOf(chosen) < 0) idx.push(chosen);
    }
    var option = text("option");
    var html = '<option value="-1">' + esc(text("all")) + "</option>";
    idx.forEach(function (j) {
      html += '<option value="' + j + '"' + (j === chosen ? " selected" : "") + ">" +
        esc(fill(option, { label: SHOW[f][j], count: c[j] })) + "</option>";
    });
    if (s._html !== html) { s.innerHTML = html; s._html = html; }
  }
  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function render() {
    var out = [];
    var sp = F.indexOf("speaker"), conf = F.indexOf("conference");
    for (var n = 0; n < matches.length && n < shown; n++) {
      var t = T[matches[n]], meta = [];
      var people = sp < 0 ? [] : t[3 + sp].map(function (v) { return SHOW.speaker[v]; });
      if (people.length) meta.push(people.join(", "));
      var c = conf < 0 ? -1 : t[3 + conf];
      if (c >= 0) meta.push(SHOW.conference[c]);
      out.push('<li><a href="' + esc(root + t[1]) + '">' + esc(t[0]) + "</a>" +
        (meta.length ? ' <span class="confnotes-finder-meta">' + esc(meta.join(" \u2014 ")) + "</span>" : "") + "</li>");
    }
    list.innerHTML = '<ul class="simple">' + out.join("") + "</ul>";
    more.hidden = matches.length <= shown;
    more.textContent = counted("show_more", Math.min(LIMIT, Math.max(0, matches.length - shown)), {});
  }
  window.confnotesFinderUpdate = update;
  update();
})();
