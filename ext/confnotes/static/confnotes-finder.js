/* confnotes talk finder: filters the server-rendered list from a compact index.
   No dependencies; state lives in the URL (?tool=polars&year=2023&q=text). */
(function () {
  "use strict";
  var data = window.confnotesFinderData;
  var box = document.querySelector(".confnotes-finder");
  if (!data || !box) return;
  var root = document.documentElement.dataset.content_root || "";
  var F = data.facets, V = data.values, T = data.t, N = F.length, LIMIT = 200;
  var MULTI = { tool: 1, speaker: 1 };
  var LABELS = { conference: "Conference", year: "Year", tool: "Tool", speaker: "Speaker",
    track: "Track", room: "Room", kind: "Kind", language: "Language", status: "Status" };
  var hay = T.map(function (t) {
    var s = [t[0]];
    F.forEach(function (f, i) {
      if (!MULTI[f]) return;
      t[3 + i].forEach(function (v) { var e = V[f][v]; s.push(e[1] || e[0]); });
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
  field("Search titles, speakers and tools", q, "confnotes-finder-q");
  var selects = F.map(function (f, i) {
    var s = document.createElement("select");
    s.addEventListener("change", function () { sel[i] = +s.value; update(); });
    field(LABELS[f] || f, s, "confnotes-finder-" + f);
    return s;
  });
  ["video", "slides"].forEach(function (k) {
    var c = document.createElement("input");
    c.type = "checkbox"; c.checked = has[k];
    c.addEventListener("change", function () { has[k] = c.checked; update(); });
    var wrap = document.createElement("div");
    wrap.className = "confnotes-finder-check";
    var l = document.createElement("label");
    l.appendChild(c); l.appendChild(document.createTextNode(" Has " + k));
    wrap.appendChild(l); form.appendChild(wrap);
  });
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
    F.forEach(function (f, i) { fill(selects[i], f, counts[i], sel[i]); });
    status.textContent = matches.length + (matches.length === 1 ? " talk" : " talks") +
      (matches.length === T.length ? "" : " of " + T.length);
    shown = LIMIT;
    render();
    var p = new URLSearchParams();
    if (q.value) p.set("q", q.value);
    F.forEach(function (f, i) { if (sel[i] >= 0) p.set(f, V[f][sel[i]][0]); });
    if (has.video) p.set("video", "1");
    if (has.slides) p.set("slides", "1");
    var s = p.toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  }
  function fill(s, f, c, chosen) {
    // Large facets (speakers) show their 100 most frequent values among the matches.
    var idx = [];
    for (var j = 0; j < c.length; j++) if (c[j] || j === chosen) idx.push(j);
    if (idx.length > 100) {
      idx.sort(function (a, b) { return c[b] - c[a]; });
      idx = idx.slice(0, 100);
      if (chosen >= 0 && idx.indexOf(chosen) < 0) idx.push(chosen);
    }
    var html = '<option value="-1">All</option>';
    idx.forEach(function (j) {
      var e = V[f][j];
      html += '<option value="' + j + '"' + (j === chosen ? " selected" : "") + ">" +
        esc(e[1] || e[0]) + " (" + c[j] + ")</option>";
    });
    if (s._html !== html) { s.innerHTML = html; s._html = html; }
  }
  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function render() {
    var out = [];
    for (var n = 0; n < matches.length && n < shown; n++) {
      var t = T[matches[n]], meta = [];
      var sp = t[3 + F.indexOf("speaker")].map(function (v) { var e = V.speaker[v]; return e[1] || e[0]; });
      if (sp.length) meta.push(sp.join(", "));
      var c = t[3 + F.indexOf("conference")];
      if (c >= 0) meta.push(V.conference[c][1] || V.conference[c][0]);
      out.push('<li><a href="' + esc(root + t[1]) + '">' + esc(t[0]) + "</a>" +
        (meta.length ? ' <span class="confnotes-finder-meta">' + esc(meta.join(" \u2014 ")) + "</span>" : "") + "</li>");
    }
    list.innerHTML = '<ul class="simple">' + out.join("") + "</ul>";
    more.hidden = matches.length <= shown;
    more.textContent = "Show " + Math.min(LIMIT, matches.length - shown) + " more";
  }
  window.confnotesFinderUpdate = update;
  update();
})();
