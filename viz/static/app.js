// innograph web UI: vanilla JS, no build step, no CDN. Every text from the graph goes in via
// textContent (or an attribute), never innerHTML. Routes live in the URL hash:
//   #entity/ID  #doc/ID  #path/SOURCE/TARGET  #timeline/DISTRICT
(function () {
  "use strict";

  var I18N = {
    zh: {
      title: "创新生态知识图谱", navSearch: "搜索", navPath: "路径查找", navTimeline: "事件时间线", navInsights: "招商洞察", navApi: "API 文档",
      search: "搜索机构或地区", searchHint: "名称、别名、拼音或首字母，例如：南航 / njhk / xiangcheng",
      pathFinder: "路径查找", find: "查找", facts: "关系与证据", sources: "来源文档", network: "关系网络",
      noPath: "没有找到路径", lang: "English", source: "起点", target: "终点", maxHops: "最多跳数",
      depth: "深度", fullView: "完整视图", download: "下载 HTML", asSource: "设为路径起点", asTarget: "设为路径终点",
      districtView: "地区机构网络", districtTimeline: "该地区事件时间线", document: "来源文档",
      mentions: "提到的实体", docFacts: "从该文档读出的关系", timeline: "事件时间线", district: "地区",
      allDistricts: "全部地区", since: "起始", kind: "类型", allKinds: "全部", show: "显示",
      noFacts: "没有关系", noSources: "没有来源文档", noEvents: "没有事件", events: "个事件", hops: "跳",
      evidence: "证据", doc: "文档", role: "角色", heldIn: "举办地", establishes: "设立", parties: "参与方",
      loading: "加载中…", noResults: "没有匹配的实体", aliases: "别名", matchedAlias: "别名", matchedPinyin: "拼音",
      matchedInitials: "首字母", notFound: "未找到", error: "出错了", undated: "日期不详", level: "级别",
      date: "日期", path: "路径"
    },
    en: {
      title: "Innovation-ecosystem knowledge graph", navSearch: "Search", navPath: "Path finder", navTimeline: "Events timeline", navInsights: "Insights",
      navApi: "API docs", search: "Search organisations or places",
      searchHint: "Name, alias, pinyin or its initials, e.g. 南航 / njhk / xiangcheng",
      pathFinder: "Path finder", find: "Find", facts: "Facts and evidence", sources: "Source documents", network: "Network",
      noPath: "No path found", lang: "中文", source: "Source", target: "Target", maxHops: "Max hops",
      depth: "Depth", fullView: "Full view", download: "Download HTML", asSource: "Use as path source",
      asTarget: "Use as path target", districtView: "District network", districtTimeline: "Events in this district",
      document: "Source document", mentions: "Entities mentioned", docFacts: "Facts read from this document",
      timeline: "Events timeline", district: "District", allDistricts: "All districts", since: "Since", kind: "Kind",
      allKinds: "All", show: "Show", noFacts: "No facts", noSources: "No source documents", noEvents: "No events",
      events: "events", hops: "hops", evidence: "Evidence", doc: "Document", role: "Role", heldIn: "Held in",
      establishes: "Establishes", parties: "Parties", loading: "Loading…", noResults: "No matching entity",
      aliases: "Aliases", matchedAlias: "alias", matchedPinyin: "pinyin", matchedInitials: "initials",
      notFound: "Not found", error: "Error", undated: "undated", level: "Level", date: "Date", path: "Path"
    }
  };
  var TYPES = {
    University: ["高校", "University"], ResearchInstitute: ["科研院所", "Research institute"],
    Enterprise: ["企业", "Enterprise"], Incubator: ["孵化载体", "Incubator"], Government: ["政府部门", "Government"],
    Association: ["协会联盟", "Association"], District: ["地区", "District"], Event: ["事件", "Event"]
  };
  var RELS = {
    LOCATED_IN: ["位于", "located in"], PART_OF: ["隶属", "part of"], PARTY_TO: ["参与", "party to"],
    HELD_IN: ["举办于", "held in"], ESTABLISHES: ["设立", "establishes"], FOUNDED_BY: ["共建", "founded by"],
    BRANCH_OF: ["分支", "branch of"], OPERATED_BY: ["运营", "operated by"], COLLABORATES_WITH: ["合作", "collaborates with"],
    MENTIONED_IN: ["出自", "mentioned in"]
  };
  var KINDS = {
    signing: ["签约", "signing"], unveiling: ["揭牌", "unveiling"], settlement: ["落户", "settlement"],
    opening: ["开园", "opening"], competition: ["大赛", "competition"], conference: ["会议", "conference"]
  };
  var ROLES = { signatory: ["签约方", "signatory"], host: ["主办", "host"], witness: ["见证", "witness"], participant: ["参与", "participant"] };

  var lang = "zh";
  try { lang = localStorage.getItem("innograph.lang") === "en" ? "en" : "zh"; } catch (e) { /* private mode */ }
  var current = { entity: null, doc: null, paths: null, timeline: null };

  function t(key) { return I18N[lang][key] || key; }
  function pick(table, key) { var v = table[key]; return v ? v[lang === "zh" ? 0 : 1] : key; }
  function typeName(type) { return pick(TYPES, type); }
  function relName(type) { return pick(RELS, type); }
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { node.textContent = ""; return node; }
  function api(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; },
                          function () { return { ok: false, status: r.status, body: {} }; });
    });
  }
  function status(text, isError) {
    var s = $("status");
    s.hidden = !text;
    s.textContent = text || "";
    s.className = isError ? "error" : "";
  }
  function errorText(res) {
    var e = res.body && res.body.error;
    if (!e) return t("error") + " (" + res.status + ")";
    var msg = e.message;
    if (e.suggestions && e.suggestions.length) msg += " — " + e.suggestions.map(function (s) { return s.name; }).join("、");
    return msg;
  }
  function enc(s) { return encodeURIComponent(s); }
  function entityLink(summary) {
    var a = el("a", summary.name, "entity");
    a.href = "#entity/" + enc(summary.id);
    a.setAttribute("data-id", summary.id);
    if (summary.type) a.title = typeName(summary.type);
    return a;
  }
  function docLink(id, title) {
    var a = el("a", title ? "《" + title + "》" : id, "doc");
    a.href = "#doc/" + enc(id);
    a.setAttribute("data-doc", id);
    return a;
  }
  function badge(type) { var b = el("span", typeName(type), "badge type-" + type); return b; }

  // -- language ----------------------------------------------------------------------------------
  function applyLang() {
    document.querySelectorAll("[data-i18n]").forEach(function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (n) { n.placeholder = t(n.getAttribute("data-i18n-placeholder")); });
    $("lang").textContent = t("lang");
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = "innograph · " + t("title");
    if (current.entity) renderEntity(current.entity, current.entityDepth);
    if (current.doc) renderDocument(current.doc);
    if (current.paths) renderPaths(current.paths);
    if (current.timeline) renderTimeline(current.timeline);
  }
  $("lang").addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    try { localStorage.setItem("innograph.lang", lang); } catch (e) { /* ignore */ }
    applyLang();
  });

  // -- suggestions (search box and the two path inputs) -----------------------------------------------
  function attachSuggest(input, list, onPick) {
    var timer = null, seq = 0, active = -1;
    function items() { return list.querySelectorAll("li[data-id]"); }
    function highlight(i) {
      var all = items();
      active = Math.max(-1, Math.min(i, all.length - 1));
      all.forEach(function (li, j) { li.classList.toggle("active", j === active); li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    }
    function close() { clear(list); active = -1; }
    function fill(q) {
      var mine = ++seq;
      if (!q) { close(); return; }
      api("/viz/data/suggest?limit=10&q=" + enc(q)).then(function (res) {
        if (mine !== seq) return;  // a newer keystroke won
        close();
        if (document.activeElement !== input) return;  // the user has moved on
        if (!res.ok) return;
        if (!res.body.results.length) { list.appendChild(el("li", t("noResults"), "empty")); return; }
        res.body.results.forEach(function (r) {
          var li = el("li", null, "suggestion");
          li.tabIndex = -1;
          li.setAttribute("role", "option");
          li.setAttribute("data-id", r.id);
          li.appendChild(el("span", r.name, "name"));
          li.appendChild(badge(r.type));
          var why = "";
          if (r.matched.indexOf("alias:") === 0) why = t("matchedAlias") + " " + r.matched.slice(6);
          else if (r.matched === "pinyin") why = t("matchedPinyin");
          else if (r.matched === "initials") why = t("matchedInitials");
          else if (r.aliases.length) why = t("aliases") + " " + r.aliases.join("、");
          if (why) li.appendChild(el("span", why, "why"));
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(r); });
          list.appendChild(li);
        });
      });
    }
    function choose(r) { close(); onPick(r); }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      input.removeAttribute("data-id");
      var q = input.value.trim();
      timer = setTimeout(function () { fill(q); }, 120);
    });
    input.addEventListener("keydown", function (ev) {
      var all = items();
      if (ev.key === "ArrowDown") { ev.preventDefault(); highlight(active + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); highlight(active - 1); }
      else if (ev.key === "Enter") {
        if (all.length) { ev.preventDefault(); all[Math.max(active, 0)].dispatchEvent(new MouseEvent("mousedown")); }
      } else if (ev.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  attachSuggest($("search"), $("suggestions"), function (r) {
    $("search").value = r.name;
    go("entity/" + enc(r.id));
  });
  [["path-source"], ["path-target"]].forEach(function (pair) {
    var input = $(pair[0]);
    attachSuggest(input, input.parentNode.querySelector(".suggestions"), function (r) {
      input.value = r.name;
      input.setAttribute("data-id", r.id);
    });
  });

  // -- routing -----------------------------------------------------------------------------------
  function go(hash) {
    if (location.hash === "#" + hash) route(); else location.hash = hash;
  }
  function route() {
    var h = location.hash.replace(/^#/, "");
    var parts = h.split("/").map(function (p) { try { return decodeURIComponent(p); } catch (e) { return p; } });
    if (parts[0] === "entity" && parts[1]) openEntity(parts[1], Number(parts[2]) || 1);
    else if (parts[0] === "doc" && parts[1]) openDocument(parts[1]);
    else if (parts[0] === "path" && parts[1] && parts[2]) {
      $("path-source").value = parts[1]; $("path-target").value = parts[2];
      findPaths(parts[1], parts[2]);
      $("path-panel").scrollIntoView();
    } else if (parts[0] === "timeline") {
      loadDistricts().then(function () {
        if (parts[1]) $("timeline-district").value = parts[1];
        showTimeline();
        $("timeline-panel").scrollIntoView();
      });
    } else if (parts[0] === "path") { $("path-panel").scrollIntoView(); }
    else if (parts[0] === "search") { $("search").focus(); }
  }
  window.addEventListener("hashchange", route);

  // -- entity page ---------------------------------------------------------------------------------
  function openEntity(id, depth) {
    status(t("loading"));
    api("/api/entities/" + enc(id)).then(function (res) {
      if (!res.ok) { status(t("notFound") + ": " + errorText(res), true); return; }
      status("");
      current.entity = res.body;
      current.entityDepth = depth || 1;
      $("document-panel").hidden = true;
      current.doc = null;
      renderEntity(res.body, current.entityDepth);
      $("entity-panel").scrollIntoView();
    });
  }

  function renderEntity(d, depth) {
    var e = d.entity;
    $("entity-panel").hidden = false;
    $("entity-panel").setAttribute("data-id", e.id);
    $("entity-name").textContent = e.name;
    $("entity-type").textContent = typeName(e.type);
    $("entity-type").className = "badge type-" + e.type;
    var meta = [];
    if (e.aliases.length) meta.push(t("aliases") + "：" + e.aliases.join("、"));
    if (d.properties && d.properties.level) meta.push(t("level") + "：" + d.properties.level);
    if (d.properties && d.properties.date) meta.push(t("date") + "：" + d.properties.date);
    meta.push(e.id);
    $("entity-meta").textContent = meta.join(" · ");
    $("as-source").onclick = function () { $("path-source").value = e.name; $("path-source").setAttribute("data-id", e.id); $("path-panel").scrollIntoView(); };
    $("as-target").onclick = function () { $("path-target").value = e.name; $("path-target").setAttribute("data-id", e.id); $("path-panel").scrollIntoView(); };
    var isDistrict = e.type === "District";
    $("district-actions").hidden = !isDistrict;
    if (isDistrict) {
      $("district-view").href = "/viz/district/" + enc(e.id);
      $("district-timeline").onclick = function () { go("timeline/" + enc(e.id)); };
    }
    var facts = clear($("facts"));
    if (!d.facts.length) facts.appendChild(el("li", t("noFacts"), "empty"));
    d.facts.forEach(function (f) {
      var li = el("li", null, "fact");
      li.setAttribute("data-type", f.type);
      var head = el("div", null, "fact-head");
      var rel = el("span", relName(f.type), "rel");
      rel.title = f.type;
      if (f.direction === "out") { head.appendChild(rel); head.appendChild(el("span", " → ")); head.appendChild(entityLink(f.other)); }
      else { head.appendChild(entityLink(f.other)); head.appendChild(el("span", " → ")); head.appendChild(rel); head.appendChild(el("span", " → " + e.name)); }
      head.appendChild(badge(f.other.type));
      if (f.role) head.appendChild(el("span", " (" + pick(ROLES, f.role) + ")", "role"));
      li.appendChild(head);
      if (f.evidence) li.appendChild(el("blockquote", f.evidence, "evidence"));
      if (f.doc) {
        var src = el("div", null, "source");
        src.appendChild(el("span", t("doc") + "："));
        src.appendChild(docLink(f.doc, docTitle(d, f.doc)));
        if (f.confidence != null) src.appendChild(el("span", " · " + f.extractor + " · " + f.confidence, "meta"));
        li.appendChild(src);
      }
      facts.appendChild(li);
    });
    var sources = clear($("sources"));
    if (!d.documents.length) sources.appendChild(el("li", t("noSources"), "empty"));
    d.documents.forEach(function (doc) {
      var li = el("li", null, "source-doc");
      li.appendChild(docLink(doc.id, doc.title));
      li.appendChild(el("span", " " + [doc.date, doc.id].filter(Boolean).join(" · "), "meta"));
      if (doc.evidence) li.appendChild(el("blockquote", doc.evidence, "evidence"));
      sources.appendChild(li);
    });
    $("entity-depth").value = String(depth || 1);
    var base = "/viz/entity/" + enc(e.id) + "?depth=" + (depth || 1);
    var frame = $("network-frame");
    if (frame.getAttribute("src") !== base + "&embed=1") frame.src = base + "&embed=1";
    $("entity-full").href = base;
    $("entity-png").href = base + "&format=png";
    $("entity-download").href = base + "&download=1";
  }
  function docTitle(detail, id) {
    for (var i = 0; i < detail.documents.length; i++) if (detail.documents[i].id === id) return detail.documents[i].title;
    return null;
  }
  $("entity-depth").addEventListener("change", function () {
    if (current.entity) go("entity/" + enc(current.entity.entity.id) + "/" + this.value);
  });

  // -- document page -------------------------------------------------------------------------------
  function openDocument(id) {
    status(t("loading"));
    api("/viz/data/documents/" + enc(id)).then(function (res) {
      if (!res.ok) { status(t("notFound") + ": " + errorText(res), true); return; }
      status("");
      current.doc = res.body;
      renderDocument(res.body);
      $("document-panel").scrollIntoView();
    });
  }
  function renderDocument(d) {
    $("document-panel").hidden = false;
    $("document-panel").setAttribute("data-doc", d.document.id);
    $("document-title").textContent = d.document.title || d.document.id;
    $("document-meta").textContent = [d.document.id, d.document.path, d.document.date].filter(Boolean).join(" · ");
    var ents = clear($("document-entities"));
    d.entities.forEach(function (x) { var li = el("li"); li.appendChild(entityLink(x)); ents.appendChild(li); });
    var facts = clear($("document-facts"));
    if (!d.facts.length) facts.appendChild(el("li", t("noFacts"), "empty"));
    d.facts.forEach(function (f) {
      var li = el("li", null, "fact");
      var head = el("div", null, "fact-head");
      head.appendChild(entityLink(f.start));
      head.appendChild(el("span", " —" + relName(f.type) + "→ ", "rel"));
      head.appendChild(entityLink(f.end));
      if (f.role) head.appendChild(el("span", " (" + pick(ROLES, f.role) + ")", "role"));
      li.appendChild(head);
      if (f.evidence) li.appendChild(el("blockquote", f.evidence, "evidence"));
      facts.appendChild(li);
    });
  }

  // -- path finder ---------------------------------------------------------------------------------
  function endpoint(input) { return input.getAttribute("data-id") || input.value.trim(); }
  $("path-go").addEventListener("click", function () {
    var s = endpoint($("path-source")), g = endpoint($("path-target"));
    if (s && g) findPaths(s, g);
  });
  function findPaths(s, g) {
    var hops = $("path-hops").value;
    var out = clear($("path-results"));
    out.appendChild(el("li", t("loading"), "empty"));
    api("/api/paths?source=" + enc(s) + "&target=" + enc(g) + "&max_hops=" + enc(hops)).then(function (res) {
      if (!res.ok) { clear(out).appendChild(el("li", errorText(res), "error")); $("path-view").hidden = true; return; }
      current.paths = res.body;
      renderPaths(res.body);
      var base = "/viz/path?source=" + enc(res.body.source.id) + "&target=" + enc(res.body.target.id) + "&max_hops=" + enc(hops);
      $("path-view").hidden = false;
      $("path-frame").src = base + "&embed=1";
      $("path-full").href = base;
      $("path-png").href = base + "&format=png";
    });
  }
  function renderPaths(body) {
    var out = clear($("path-results"));
    if (!body.paths.length) { out.appendChild(el("li", t("noPath") + (body.reason ? "：" + body.reason : ""), "empty")); return; }
    body.paths.forEach(function (p) {
      var li = el("li", null, "path");
      var head = el("div", null, "path-head");
      p.nodes.forEach(function (n, i) {
        if (i) {
          var h = p.hops[i - 1];
          head.appendChild(el("span", h.direction === "forward" ? " —" + relName(h.type) + "→ " : " ←" + relName(h.type) + "— ", "rel"));
        }
        head.appendChild(entityLink(n));
      });
      head.appendChild(el("span", " (" + p.length + " " + t("hops") + ")", "meta"));
      li.appendChild(head);
      var explanation = el("div", p.explanation, "explanation");
      li.appendChild(explanation);
      var hops = el("ol", null, "hops");
      p.hops.forEach(function (h) {
        var hop = el("li", null, "hop");
        hop.appendChild(el("span", h.source.name + " " + (h.direction === "forward" ? "—" : "←") + relName(h.type) + (h.direction === "forward" ? "→ " : "— ") + h.target.name, "hop-head"));
        if (h.evidence) hop.appendChild(el("blockquote", h.evidence, "evidence"));
        if (h.doc) { var src = el("div", null, "source"); src.appendChild(docLink(h.doc)); hop.appendChild(src); }
        hops.appendChild(hop);
      });
      li.appendChild(hops);
      out.appendChild(li);
    });
  }

  // -- events timeline per district ----------------------------------------------------------------
  var districtsLoaded = null;
  function loadDistricts() {
    if (districtsLoaded) return districtsLoaded;
    districtsLoaded = api("/viz/data/districts").then(function (res) {
      if (!res.ok) return;
      var sel = $("timeline-district");
      res.body.districts.forEach(function (d) {
        var o = el("option", d.name + (d.events ? " (" + d.events + ")" : ""));
        o.value = d.id;
        sel.appendChild(o);
      });
    });
    return districtsLoaded;
  }
  $("timeline-go").addEventListener("click", showTimeline);
  function showTimeline() {
    var district = $("timeline-district").value, since = $("timeline-since").value.trim(), kind = $("timeline-kind").value;
    var q = "limit=500" + (district ? "&district=" + enc(district) : "") + (since ? "&since=" + enc(since) : "") + (kind ? "&kind=" + enc(kind) : "");
    var out = clear($("timeline"));
    out.appendChild(el("li", t("loading"), "empty"));
    api("/api/events?" + q).then(function (res) {
      if (!res.ok) { clear(out).appendChild(el("li", errorText(res), "error")); $("timeline-view").hidden = true; return; }
      current.timeline = res.body;
      renderTimeline(res.body);
      var base = "/viz/events?" + q.replace("limit=500", "events=500");
      $("timeline-view").hidden = !res.body.events.length;
      if (res.body.events.length) $("timeline-frame").src = base + "&embed=1";
      $("timeline-full").href = base;
      $("timeline-png").href = base + "&format=png";
    });
  }
  function renderTimeline(body) {
    var out = clear($("timeline"));
    $("timeline-summary").textContent = body.total + " " + t("events");
    if (!body.events.length) { out.appendChild(el("li", t("noEvents"), "empty")); return; }
    var lastYear = null;
    body.events.forEach(function (ev) {
      var year = ev.date ? ev.date.slice(0, 4) : t("undated");
      if (year !== lastYear) { out.appendChild(el("li", year, "year")); lastYear = year; }
      var li = el("li", null, "event");
      li.setAttribute("data-id", ev.id);
      var head = el("div", null, "event-head");
      head.appendChild(el("time", ev.date || t("undated")));
      head.appendChild(el("span", pick(KINDS, ev.kind), "badge kind-" + ev.kind));
      head.appendChild(el("span", ev.title || "", "event-title"));
      li.appendChild(head);
      var parties = el("div", null, "parties");
      parties.appendChild(el("span", t("parties") + "："));
      ev.parties.forEach(function (p, i) {
        if (i) parties.appendChild(el("span", "、"));
        parties.appendChild(entityLink(p.entity));
        if (p.role) parties.appendChild(el("span", "(" + pick(ROLES, p.role) + ")", "role"));
      });
      li.appendChild(parties);
      if (ev.held_in.length) {
        var where = el("div", null, "held-in");
        where.appendChild(el("span", t("heldIn") + "："));
        ev.held_in.forEach(function (p) { where.appendChild(entityLink(p)); });
        li.appendChild(where);
      }
      if (ev.establishes.length) {
        var est = el("div", null, "establishes");
        est.appendChild(el("span", t("establishes") + "："));
        ev.establishes.forEach(function (p) { est.appendChild(entityLink(p)); });
        li.appendChild(est);
      }
      if (ev.evidence) li.appendChild(el("blockquote", ev.evidence, "evidence"));
      if (ev.doc) { var src = el("div", null, "source"); src.appendChild(docLink(ev.doc)); li.appendChild(src); }
      out.appendChild(li);
    });
  }

  applyLang();
  loadDistricts();
  route();
  window.innograph = { openEntity: openEntity, findPaths: findPaths, showTimeline: showTimeline, lang: function () { return lang; } };
})();
