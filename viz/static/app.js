// innograph web UI: vanilla JS, no build step, no CDN. Every text from the graph goes in via
// textContent, never innerHTML.
(function () {
  "use strict";
  var I18N = {
    zh: { title: "创新生态知识图谱", search: "搜索机构或地区", pathFinder: "路径查找", find: "查找", facts: "关系与证据",
          sources: "来源文档", network: "关系网络", noPath: "没有找到路径", lang: "English" },
    en: { title: "Innovation-ecosystem knowledge graph", search: "Search organisations or places", pathFinder: "Path finder",
          find: "Find", facts: "Facts and evidence", sources: "Source documents", network: "Network", noPath: "No path found",
          lang: "中文" }
  };
  var lang = "zh";
  function t(key) { return I18N[lang][key]; }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function $(id) { return document.getElementById(id); }
  function api(url) { return fetch(url).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); }); }

  function applyLang() {
    document.querySelectorAll("[data-i18n]").forEach(function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
    $("lang").textContent = t("lang");
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }
  $("lang").addEventListener("click", function () { lang = lang === "zh" ? "en" : "zh"; applyLang(); });

  var timer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(timer);
    var q = this.value.trim();
    timer = setTimeout(function () { suggest(q); }, 150);
  });
  function suggest(q) {
    var list = $("suggestions");
    list.textContent = "";
    if (!q) return;
    api("/api/entities?limit=10&q=" + encodeURIComponent(q)).then(function (res) {
      if (!res.ok) return;
      res.body.results.forEach(function (r) {
        var li = el("li", r.name);
        li.tabIndex = 0;
        li.setAttribute("role", "option");
        li.setAttribute("data-id", r.id);
        li.appendChild(el("span", r.type, "type"));
        li.addEventListener("click", function () { openEntity(r.id); });
        list.appendChild(li);
      });
    });
  }

  function entityLink(summary) {
    var a = el("a", summary.name, "entity");
    a.addEventListener("click", function () { openEntity(summary.id); });
    return a;
  }

  function openEntity(id) {
    api("/api/entities/" + encodeURIComponent(id)).then(function (res) {
      if (!res.ok) return;
      var d = res.body;
      $("entity-panel").hidden = false;
      $("entity-name").textContent = d.entity.name;
      $("entity-meta").textContent = d.entity.type + (d.entity.aliases.length ? " · " + d.entity.aliases.join("、") : "");
      var facts = $("facts");
      facts.textContent = "";
      d.facts.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", f.type + (f.direction === "out" ? " → " : " ← ")));
        li.appendChild(entityLink(f.other));
        if (f.role) li.appendChild(el("span", " (" + f.role + ")"));
        li.appendChild(el("span", (f.evidence || "") + (f.doc ? "  — " + f.doc : ""), "evidence"));
        facts.appendChild(li);
      });
      var sources = $("sources");
      sources.textContent = "";
      d.documents.forEach(function (doc) {
        var li = el("li", (doc.title || doc.id) + " (" + doc.id + ")");
        if (doc.evidence) li.appendChild(el("span", doc.evidence, "evidence"));
        sources.appendChild(li);
      });
      $("network-frame").src = "/viz/entity/" + encodeURIComponent(id) + "?embed=1";
    });
  }

  $("path-go").addEventListener("click", function () {
    var s = $("path-source").value.trim(), g = $("path-target").value.trim();
    var out = $("path-results");
    out.textContent = "";
    if (!s || !g) return;
    api("/api/paths?source=" + encodeURIComponent(s) + "&target=" + encodeURIComponent(g)).then(function (res) {
      if (!res.ok) { out.appendChild(el("li", res.body.error ? res.body.error.message : "error")); return; }
      if (!res.body.paths.length) { out.appendChild(el("li", t("noPath") + (res.body.reason ? ": " + res.body.reason : ""))); return; }
      res.body.paths.forEach(function (p) {
        var li = el("li", p.explanation, "path");
        p.hops.forEach(function (h) { li.appendChild(el("div", "[" + h.type + "] " + (h.evidence || "") + " — " + (h.doc || ""), "hop")); });
        out.appendChild(li);
      });
    });
  });

  applyLang();
  window.innograph = { openEntity: openEntity };
})();
