// dkg: the web page served by `dkg serve` at / (graph/static/app.html). Plain JavaScript, no build step,
// nothing fetched from elsewhere. Two tabs: a SPARQL editor with the project's example queries (from
// /queries) and a results table; a neighbourhood graph (SPARQL through /sparql) whose nodes and edges
// show their supporting sentences (/explain). Text from the store reaches the page only through
// textContent and attributes, never as HTML.
(function () {
  "use strict";

  var LIMITS = {
    maxRows: Number(document.body.dataset.maxRows) || 100000,
    updates: document.body.dataset.updates === "true"
  };
  var RES = "<https://w3id.org/dkg/id/graph/resolution>";
  var PREFIXES = [
    ["id:", "https://w3id.org/dkg/id/"],
    ["dkg:", "https://w3id.org/dkg/ontology#"],
    ["sem:", "http://semanticweb.cs.vu.nl/2009/11/sem/"],
    ["skos:", "http://www.w3.org/2004/02/skos/core#"],
    ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
    ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
    ["xsd:", "http://www.w3.org/2001/XMLSchema#"]
  ];
  var SPARQL_PREFIXES = PREFIXES.filter(function (p) { return p[0] !== "id:"; })
    .map(function (p) { return "PREFIX " + p[0] + " <" + p[1] + ">"; }).join("\n") + "\n";
  var ACTOR_KINDS = ["person", "organization", "country"];
  var EVENT_KINDS = ["talks", "incident", "sanction", "agreement", "other"];
  var EVENTS_PER_EXPANSION = 150;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text, parent) {
    var e = document.createElement(tag);
    if (attrs) for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    if (attrs) for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function short(iri) {
    for (var i = 0; i < PREFIXES.length; i++) {
      if (iri.indexOf(PREFIXES[i][1]) === 0) return PREFIXES[i][0] + iri.slice(PREFIXES[i][1].length);
    }
    return iri;
  }

  // Values reach SPARQL text only through these two: a quoted string literal and a checked IRI.
  function sparqlString(s) {
    return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") + '"';
  }

  function iriRef(iri) {
    if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|^`\\]*$/i.test(iri)) throw new Error("Not an IRI: " + iri);
    return "<" + iri + ">";
  }

  // ------------------------------------------------------------------------------ talking to the server
  function RequestError(status, message) {
    this.status = status;
    this.message = message;
  }

  function request(url, init) {
    return fetch(url, init).catch(function (err) {
      throw new RequestError(0, "The server did not answer (" + err.message + "); is dkg serve still running?");
    }).then(function (resp) {
      return resp.text().then(function (text) {
        if (!resp.ok) throw new RequestError(resp.status, text.trim() || resp.statusText);
        return {
          text: text,
          type: (resp.headers.get("Content-Type") || "").split(";")[0].trim(),
          truncated: resp.headers.get("X-DKG-Truncated") === "true",
          status: resp.status
        };
      });
    });
  }

  function sparql(query, maxRows, update, token) {
    var form = new URLSearchParams();
    form.set(update ? "update" : "query", query);
    if (maxRows) form.set("max-rows", String(maxRows));
    var headers = { "Accept": "application/sparql-results+json, text/turtle;q=0.9" };
    if (token) headers["Authorization"] = "Bearer " + token;
    return request("sparql", { method: "POST", headers: headers, body: form });
  }

  function selectRows(query, maxRows) {
    return sparql(query, maxRows).then(function (r) {
      var data = JSON.parse(r.text);
      return { rows: data.results.bindings, truncated: r.truncated };
    });
  }

  function explainNodes(a, b) {
    var params = new URLSearchParams();
    params.append("node", a);
    if (b) params.append("node", b);
    return request("explain?" + params.toString(), { headers: { "Accept": "application/json" } })
      .then(function (r) { return JSON.parse(r.text); });
  }

  function describeError(err) {
    if (err instanceof RequestError) {
      var what = { 0: "No answer", 400: "The server refused the request", 401: "Not authorized",
                   403: "Forbidden", 404: "Not found", 409: "Ambiguous", 503: "Timed out or busy" };
      return (what[err.status] || "Error") + (err.status ? " (" + err.status + ")" : "") + ": " + err.message;
    }
    return "Error: " + (err && err.message ? err.message : String(err));
  }

  // ------------------------------------------------------------------------------ tabs
  function showTab(name) {
    ["query", "graph"].forEach(function (t) {
      $("tab-" + t).setAttribute("aria-selected", t === name ? "true" : "false");
      $("panel-" + t).hidden = t !== name;
    });
    if (name === "graph") Graph.resize();
  }
  $("tab-query").addEventListener("click", function () { showTab("query"); });
  $("tab-graph").addEventListener("click", function () { showTab("graph"); });

  // ------------------------------------------------------------------------------ the query editor
  var examples = [];
  var editor = $("query");

  function loadExamples() {
    request("queries", { headers: { "Accept": "application/json" } }).then(function (r) {
      examples = JSON.parse(r.text).queries;
      var groups = {}, menu = $("examples");
      var titles = { competency: "Competency queries", analyst: "Analyst queries", other: "Other queries" };
      examples.forEach(function (q, i) {
        if (!groups[q.group]) groups[q.group] = el("optgroup", { label: titles[q.group] || q.group }, null, menu);
        el("option", { value: String(i), title: q.description }, q.name, groups[q.group]);
      });
      if (!examples.length) $("example-description").textContent = "No example queries found (queries/*.rq).";
    }).catch(function (err) { $("example-description").textContent = describeError(err); });
  }

  $("examples").addEventListener("change", function () {
    var q = examples[Number(this.value)];
    if (!this.value || !q) { $("example-description").textContent = ""; return; }
    editor.value = q.query;
    $("example-description").textContent = q.description;
  });

  function rowLimit() {
    var n = Math.floor(Number($("rows").value));
    return n >= 1 ? Math.min(n, LIMITS.maxRows) : LIMITS.maxRows;
  }

  function runQuery() {
    var text = editor.value, started = performance.now();
    var update = LIMITS.updates && $("is-update").checked;
    var status = $("status"), error = $("error"), results = $("results");
    error.hidden = true;
    status.textContent = "Running…";
    $("run").disabled = true;
    return sparql(text, update ? 0 : rowLimit(), update, update ? $("token").value : "").then(function (r) {
      var ms = Math.round(performance.now() - started);
      clear(results);
      if (r.status === 204) {
        status.textContent = "Update applied (" + ms + " ms).";
        return;
      }
      var note = r.truncated ? " — cut at " + rowLimit().toLocaleString() +
        " rows (the Rows field or the server's limit); narrow the query or raise Rows." : "";
      if (r.type === "application/sparql-results+json") {
        var data = JSON.parse(r.text);
        if (typeof data.boolean === "boolean") {
          el("div", { "class": "boolean", "data-boolean": String(data.boolean) }, String(data.boolean), results);
          status.textContent = "ASK answered in " + ms + " ms.";
        } else {
          renderTable(data, results);
          var n = data.results.bindings.length;
          status.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + ms + " ms" + note;
        }
      } else {
        el("pre", { "class": "graph-text" }, r.text, results);
        status.textContent = "Graph (" + r.type + ") in " + ms + " ms" + note;
      }
    }).catch(function (err) {
      clear(results);
      status.textContent = "";
      error.textContent = describeError(err);
      error.hidden = false;
    }).then(function () { $("run").disabled = false; });
  }

  function termCell(term, td) {
    if (!term) return;
    if (term.type === "uri") {
      var b = el("button", { type: "button", "class": "iri", title: term.value + " (show in the graph)" },
                 short(term.value), td);
      b.addEventListener("click", function () { showTab("graph"); Graph.open(term.value); });
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "triple") {
      td.textContent = "<< " + JSON.stringify(term.value) + " >>";
    } else {
      el("span", null, term.value, td);
      if (term["xml:lang"]) el("span", { "class": "lang" }, "@" + term["xml:lang"], td);
      else if (term.datatype && !/#(integer|decimal|double|boolean)$/.test(term.datatype)) {
        el("span", { "class": "dtype", title: term.datatype }, short(term.datatype), td);
      }
    }
  }

  function renderTable(data, parent) {
    var vars = data.head.vars || [];
    var table = el("table", { "class": "bindings" }, null, parent);
    var head = el("tr", null, null, el("thead", null, null, table));
    el("th", null, "#", head);
    vars.forEach(function (v) { el("th", null, v, head); });
    var body = el("tbody", null, null, table);
    data.results.bindings.forEach(function (row, i) {
      var tr = el("tr", null, null, body);
      el("td", { "class": "num" }, i + 1, tr);
      vars.forEach(function (v) { termCell(row[v], el("td", { "data-var": v }, null, tr)); });
    });
  }

  $("query-form").addEventListener("submit", function (ev) { ev.preventDefault(); runQuery(); });
  editor.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); runQuery(); }
  });
  if (LIMITS.updates) $("update-controls").hidden = false;

  // ------------------------------------------------------------------------------ the graph
  var Graph = (function () {
    var svg = $("graph"), view = $("view"), linkLayer = $("links"), nodeLayer = $("nodes");
    var nodes = {}, links = {}, order = [], T = { x: 0, y: 0, k: 1 };
    var alpha = 0, running = false, selected = null, width = 800, height = 500, autoFit = true;

    function resize() {
      var box = svg.getBoundingClientRect();
      if (box.width && box.height) { width = box.width; height = box.height; }
    }

    function apply() { view.setAttribute("transform", "translate(" + T.x + "," + T.y + ") scale(" + T.k + ")"); }

    function status(text) { $("graph-status").textContent = text; }

    // ---- nodes and links
    function addNode(id, type, kind, label, date, near) {
      var n = nodes[id];
      if (n) {
        if (label && (!n.label || n.label === short(n.id))) { n.label = label; n.text.textContent = shorten(label); }
        if (date && !n.date) n.date = date;
        return n;
      }
      var angle = Math.random() * 2 * Math.PI, r = near ? 60 + Math.random() * 40 : 0;
      n = nodes[id] = {
        id: id, type: type, kind: kind, label: label || short(id), date: date || "",
        x: (near ? near.x : 0) + r * Math.cos(angle), y: (near ? near.y : 0) + r * Math.sin(angle),
        vx: 0, vy: 0, expanded: false, links: []
      };
      order.push(n);
      n.g = svgEl("g", { "class": "node " + type, "data-id": id, "data-kind": kind, tabindex: "0" }, nodeLayer);
      var size = type === "event" ? 8 : 9;
      if (type === "event") {
        svgEl("path", { "class": "shape " + kind, d: "M0,-" + size + "L" + size + ",0L0," + size + "L-" + size + ",0Z" }, n.g);
      } else {
        svgEl("circle", { "class": "shape " + kind, r: size }, n.g);
      }
      n.title = svgEl("title", null, n.g);
      n.title.textContent = n.label + " (" + kind + (n.date ? ", " + n.date : "") + ")";
      n.text = svgEl("text", { "text-anchor": "middle", y: size + 12 }, n.g);
      n.text.textContent = shorten(n.label);
      n.g.addEventListener("pointerdown", function (ev) { startDrag(n, ev); });
      n.g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") clickNode(n); });
      return n;
    }

    function shorten(text) { return text.length > 30 ? text.slice(0, 29) + "…" : text; }

    function addLink(actor, event) {
      var id = actor.id + "\n" + event.id;
      if (links[id]) return links[id];
      var l = links[id] = { id: id, s: actor, t: event };
      l.g = svgEl("g", { "class": "link", "data-source": actor.id, "data-target": event.id }, linkLayer);
      l.line = svgEl("line", { "class": "edge" }, l.g);
      l.hit = svgEl("line", { "class": "hit" }, l.g);
      var title = svgEl("title", null, l.g);
      title.textContent = actor.label + " — " + event.label;
      l.g.addEventListener("click", function () { clickLink(l); });
      actor.links.push(l);
      event.links.push(l);
      return l;
    }

    // ---- filters: event kinds and a date range; actors show while linked to a shown event
    function dateBounds(text) {
      if (!text) return null;
      return [text + "0000-01-01".slice(text.length), text + "9999-12-31".slice(text.length)];
    }

    function readFilters() {
      var kinds = {}, error = "";
      document.querySelectorAll("#filters input[name=kind]").forEach(function (c) { kinds[c.value] = c.checked; });
      var from = $("date-from").value.trim(), to = $("date-to").value.trim();
      var ok = /^\d{4}(-\d{2}(-\d{2})?)?$/;
      if (from && !ok.test(from)) { error = "Give dates as YYYY, YYYY-MM or YYYY-MM-DD."; from = ""; }
      if (to && !ok.test(to)) { error = "Give dates as YYYY, YYYY-MM or YYYY-MM-DD."; to = ""; }
      $("filter-error").textContent = error;
      return { kinds: kinds, from: from ? dateBounds(from)[0] : "", to: to ? dateBounds(to)[1] : "",
               undated: $("undated").checked };
    }

    function eventShown(n, f) {
      if (f.kinds[n.kind] === false) return false;
      if (!n.date) return f.undated;
      var b = dateBounds(n.date.slice(0, 10));
      return !(f.from && b[1] < f.from) && !(f.to && b[0] > f.to);
    }

    function applyFilters() {
      var f = readFilters(), shown = 0, hidden = 0;
      order.forEach(function (n) { if (n.type === "event") n.visible = eventShown(n, f); });
      order.forEach(function (n) {
        if (n.type !== "event") {
          n.visible = n.root || n.expanded || n.links.some(function (l) { return l.t.visible; });
        }
        n.g.style.display = n.visible ? "" : "none";
        if (n.visible) shown++; else hidden++;
      });
      Object.keys(links).forEach(function (k) {
        var l = links[k];
        l.g.style.display = l.s.visible && l.t.visible ? "" : "none";
      });
      return { shown: shown, hidden: hidden };
    }

    // ---- layout: springs on links, repulsion between shown nodes, weak gravity
    function tick() {
      var shown = order.filter(function (n) { return n.visible; }), i, j, a, b, dx, dy, d2, f;
      for (i = 0; i < shown.length; i++) {
        a = shown[i];
        for (j = i + 1; j < shown.length; j++) {
          b = shown[j];
          dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy;
          if (d2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 1; }
          if (d2 > 250000) continue;
          f = 1800 * alpha / d2;
          a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
        }
      }
      Object.keys(links).forEach(function (k) {
        var l = links[k];
        if (!l.s.visible || !l.t.visible) return;
        dx = l.t.x - l.s.x; dy = l.t.y - l.s.y;
        var d = Math.sqrt(dx * dx + dy * dy) || 1;
        f = (d - 70) / d * 0.5 * alpha;
        l.s.vx += dx * f; l.s.vy += dy * f; l.t.vx -= dx * f; l.t.vy -= dy * f;
      });
      shown.forEach(function (n) {
        if (n.fixed) { n.vx = n.vy = 0; return; }
        n.vx -= n.x * 0.01 * alpha; n.vy -= n.y * 0.01 * alpha;
        n.vx *= 0.6; n.vy *= 0.6;
        n.x += Math.max(-25, Math.min(25, n.vx)); n.y += Math.max(-25, Math.min(25, n.vy));
      });
    }

    function draw() {
      Object.keys(links).forEach(function (k) {
        var l = links[k];
        [l.line, l.hit].forEach(function (line) {
          line.setAttribute("x1", l.s.x); line.setAttribute("y1", l.s.y);
          line.setAttribute("x2", l.t.x); line.setAttribute("y2", l.t.y);
        });
      });
      order.forEach(function (n) { n.g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); });
    }

    function loop() {
      tick(); draw(); alpha *= 0.96;
      if (autoFit) fit();
      if (alpha > 0.005) requestAnimationFrame(loop);
      else { running = false; draw(); svg.setAttribute("data-settled", "true"); }
    }

    // data-settled tells when the layout has come to rest (tests wait for it before clicking).
    function heat(a) {
      alpha = Math.max(alpha, a);
      svg.setAttribute("data-settled", "false");
      if (!running) { running = true; requestAnimationFrame(loop); }
    }

    function fit() {
      var shown = order.filter(function (n) { return n.visible; });
      if (!shown.length) return;
      resize();
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      shown.forEach(function (n) { x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y); x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y); });
      var pad = 60;
      T.k = Math.min(1.6, width / (x1 - x0 + 2 * pad), height / (y1 - y0 + 2 * pad));
      T.x = width / 2 - T.k * (x0 + x1) / 2;
      T.y = height / 2 - T.k * (y0 + y1) / 2;
      apply();
    }

    // ---- pointer: drag a node (a click if it hardly moved), pan the background, zoom with the wheel
    var drag = null;
    function point(ev) {
      var box = svg.getBoundingClientRect();
      return { x: (ev.clientX - box.left - T.x) / T.k, y: (ev.clientY - box.top - T.y) / T.k };
    }
    function startDrag(n, ev) {
      ev.stopPropagation();
      autoFit = false;
      drag = { node: n, x0: ev.clientX, y0: ev.clientY, moved: false };
      svg.setPointerCapture(ev.pointerId);
    }
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest(".link")) return;
      autoFit = false;
      drag = { pan: true, x0: ev.clientX, y0: ev.clientY, tx: T.x, ty: T.y, moved: false };
      svg.classList.add("panning");
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x0, dy = ev.clientY - drag.y0;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (drag.pan) { T.x = drag.tx + dx; T.y = drag.ty + dy; apply(); return; }
      if (!drag.moved) return;
      var p = point(ev);
      drag.node.x = p.x; drag.node.y = p.y; drag.node.fixed = true;
      heat(0.05); draw();
    });
    svg.addEventListener("pointerup", function () {
      var d = drag;
      drag = null;
      svg.classList.remove("panning");
      if (d && d.node && !d.moved) clickNode(d.node);
    });
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      autoFit = false;
      var box = svg.getBoundingClientRect(), mx = ev.clientX - box.left, my = ev.clientY - box.top;
      var k = Math.max(0.2, Math.min(5, T.k * Math.exp(-ev.deltaY * 0.0015)));
      T.x = mx - (mx - T.x) * k / T.k; T.y = my - (my - T.y) * k / T.k; T.k = k;
      apply();
    }, { passive: false });

    function highlight(target) {
      if (selected) selected.g.classList.remove("selected");
      selected = target;
      if (target) target.g.classList.add("selected");
    }

    function clickNode(n) {
      highlight(n);
      Provenance.node(n);
      if (!n.expanded) expand(n);
    }

    function clickLink(l) {
      highlight(l);
      Provenance.link(l);
    }

    // ---- what the store says: an actor's events, an event's participants
    function eventsQuery(actor) {
      return SPARQL_PREFIXES +
        "SELECT ?event (SAMPLE(?k) AS ?kind) (MAX(STR(?d)) AS ?date) (SAMPLE(?l) AS ?label) WHERE {\n" +
        "  VALUES ?c { " + iriRef(actor) + " }\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?x dkg:canonical ?c } }\n" +
        "  BIND(COALESCE(?x, ?c) AS ?m)\n" +
        "  GRAPH ?g { ?ev dkg:reportedBy ?g ; sem:hasActor ?m ; dkg:kind ?k .\n" +
        "    OPTIONAL { ?ev dkg:date ?d } OPTIONAL { ?ev rdfs:label ?l } }\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?ev dkg:canonical ?ec } }\n" +
        "  BIND(COALESCE(?ec, ?ev) AS ?event)\n" +
        "} GROUP BY ?event ORDER BY DESC(?date) ?event LIMIT " + EVENTS_PER_EXPANSION;
    }

    function participantsQuery(events) {
      return SPARQL_PREFIXES +
        "SELECT DISTINCT ?event ?actor ?name ?type WHERE {\n" +
        "  VALUES ?event { " + events.map(iriRef).join(" ") + " }\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?x dkg:canonical ?event } }\n" +
        "  BIND(COALESCE(?x, ?event) AS ?ev)\n" +
        "  GRAPH ?g { ?ev sem:hasActor ?y . ?y a ?type ; skos:prefLabel ?yl .\n" +
        "    VALUES ?type { dkg:Person dkg:Organization dkg:Country } }\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?y dkg:canonical ?yc } }\n" +
        "  BIND(COALESCE(?yc, ?y) AS ?actor)\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?actor skos:prefLabel ?cl } }\n" +
        "  BIND(COALESCE(?cl, ?yl) AS ?name)\n" +
        "}";
    }

    function actorKind(typeIri) {
      var local = typeIri.split("#").pop().toLowerCase();
      return ACTOR_KINDS.indexOf(local) >= 0 ? local : "organization";
    }

    function eventKind(kind) { return EVENT_KINDS.indexOf(kind) >= 0 ? kind : "other"; }

    function addParticipants(rows) {
      var rank = { person: 0, organization: 1, country: 2 }, best = {};
      rows.forEach(function (r) {
        var kind = actorKind(r.type.value), id = r.actor.value;
        if (!best[id] || rank[kind] < rank[best[id].kind]) best[id] = { kind: kind, name: r.name.value };
      });
      rows.forEach(function (r) {
        var event = nodes[r.event.value];
        if (!event) return;
        var b = best[r.actor.value];
        addLink(addNode(r.actor.value, "actor", b.kind, b.name, "", event), event);
      });
    }

    function expand(n) {
      n.expanded = true;
      n.g.classList.add("expanded");
      status("Loading the neighbourhood of " + n.label + "…");
      var work;
      if (n.type === "event") {
        work = selectRows(participantsQuery([n.id])).then(function (r) { addParticipants(r.rows); return { events: 0, cut: r.truncated }; });
      } else {
        work = selectRows(eventsQuery(n.id)).then(function (r) {
          var ids = [];
          r.rows.forEach(function (row) {
            var e = addNode(row.event.value, "event", eventKind(row.kind.value), row.label ? row.label.value : "",
                            row.date ? row.date.value : "", n);
            addLink(n, e);
            ids.push(e.id);
          });
          if (!ids.length) return { events: 0, cut: false };
          return selectRows(participantsQuery(ids)).then(function (p) {
            addParticipants(p.rows);
            return { events: ids.length, cut: r.truncated || p.truncated || ids.length >= EVENTS_PER_EXPANSION };
          });
        });
      }
      return work.then(function (info) {
        var counts = applyFilters();
        autoFit = true;
        heat(0.5);
        var text = n.label + ": " + (n.type === "event" ? "participants loaded" : info.events + " event" +
          (info.events === 1 ? "" : "s")) + "; " + counts.shown + " nodes shown" +
          (counts.hidden ? ", " + counts.hidden + " hidden by the filters" : "") + ".";
        if (info.cut) text += " Only the " + EVENTS_PER_EXPANSION + " latest events (or the rows the server allows) are drawn.";
        status(text);
      }).catch(function (err) {
        n.expanded = false;
        n.g.classList.remove("expanded");
        status(describeError(err));
      });
    }

    function reset() {
      highlight(null);
      nodes = {}; links = {}; order = [];
      clear(linkLayer); clear(nodeLayer);
      resize();
      T = { x: width / 2, y: height / 2, k: 1 };
      apply();
      Provenance.clear();
    }

    // Start from one node: an actor from the search, or any IRI from a results table (then its
    // explanation, already fetched, goes straight to the provenance panel).
    function start(id, type, kind, label, date, explained) {
      reset();
      var n = addNode(id, type, kind, label, date || "", null);
      n.root = true;
      n.visible = true;
      autoFit = true;
      draw();
      if (!explained) { clickNode(n); return; }
      highlight(n);
      Provenance.render(explained);
      expand(n);
    }

    function open(iri) {
      reset();
      status("Looking up " + short(iri) + "…");
      explainNodes(iri).then(function (data) {
        var node = data.node, m = /^event \((\w+)\)$/.exec(node.kind);
        var kind = node.kind === "news outlet" ? "organization" : node.kind;
        if (ACTOR_KINDS.indexOf(kind) >= 0) {
          start(node.iri, "actor", kind, node.label, "", data);
        } else if (m) {
          var dates = Object.keys(node.details || {}).map(function (k) { return node.details[k].date; }).filter(Boolean).sort();
          start(node.iri, "event", eventKind(m[1]), node.label, dates.pop() || "", data);
        } else {
          status(node.label + " is a " + node.kind + "; the graph draws actors and events. Its evidence is on the right.");
          Provenance.render(data);
        }
      }).catch(function (err) { status(describeError(err)); });
    }

    // Selecting through the search box: a SPARQL query over labels and aliases, any case.
    function search(text) {
      var list = $("search-results");
      clear(list);
      text = text.trim();
      if (!text) { status("Type a name, or part of one."); return Promise.resolve(); }
      status("Searching…");
      var q = SPARQL_PREFIXES +
        "SELECT ?node (SAMPLE(?pref) AS ?name) (GROUP_CONCAT(DISTINCT ?k; separator=\" \") AS ?kinds)\n" +
        "       (COUNT(DISTINCT ?g) AS ?articles) WHERE {\n" +
        "  GRAPH ?g { ?m skos:prefLabel|skos:altLabel ?l ; a ?type . }\n" +
        "  VALUES (?type ?k) { (dkg:Person \"person\") (dkg:Organization \"organization\") (dkg:Country \"country\") }\n" +
        "  FILTER(CONTAINS(LCASE(STR(?l)), " + sparqlString(text.toLowerCase()) + "))\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?m dkg:canonical ?c } }\n" +
        "  BIND(COALESCE(?c, ?m) AS ?node)\n" +
        "  OPTIONAL { GRAPH " + RES + " { ?node skos:prefLabel ?cl } }\n" +
        "  OPTIONAL { GRAPH ?g { ?m skos:prefLabel ?ml } }\n" +
        "  BIND(COALESCE(?cl, ?ml, ?l) AS ?pref)\n" +
        "} GROUP BY ?node ORDER BY DESC(?articles) ?name LIMIT 40";
      return selectRows(q).then(function (r) {
        if (!r.rows.length) { status("No actor's name contains “" + text + "”."); return; }
        r.rows.forEach(function (row) {
          var kind = searchKind(row);
          var li = el("li", null, null, list);
          var b = el("button", { type: "button", "data-id": row.node.value, title: row.node.value }, null, li);
          el("span", null, row.name.value + " ", b);
          el("span", { "class": "kind" }, kind + ", " + row.articles.value + " article" + (row.articles.value === "1" ? "" : "s"), b);
          b.addEventListener("click", function () { start(row.node.value, "actor", kind, row.name.value); });
        });
        status(r.rows.length + " match" + (r.rows.length === 1 ? "" : "es") + "; pick one to draw its neighbourhood.");
        if (r.rows.length === 1) start(r.rows[0].node.value, "actor", searchKind(r.rows[0]), r.rows[0].name.value);
      }).catch(function (err) { status(describeError(err)); });
    }

    function searchKind(row) {
      var kinds = row.kinds.value.split(" ");
      return ACTOR_KINDS.filter(function (k) { return kinds.indexOf(k) >= 0; })[0] || "organization";
    }

    function refilter() {
      var counts = applyFilters();
      if (order.length) status(counts.shown + " nodes shown" + (counts.hidden ? ", " + counts.hidden + " hidden by the filters" : "") + ".");
      heat(0.2);
    }

    return { resize: resize, open: open, search: search, reset: reset, refilter: refilter };
  })();

  // ------------------------------------------------------------------------------ provenance
  var Provenance = (function () {
    var panel = $("provenance"), token = 0;

    function clear_() { token++; clear(panel); }

    function loading(title) {
      clear_();
      el("h2", null, title, panel);
      el("p", { "class": "status" }, "Loading the supporting sentences…", panel);
      return token;
    }

    // Offsets count characters of the article; the stored sentence has its whitespace collapsed, so a
    // span is marked only where it still falls on word boundaries of the sentence.
    function spanIn(text, e) {
      if (e.sentence_start === null || e.start < e.sentence_start) return null;
      var a = e.start - e.sentence_start, b = e.end - e.sentence_start, edge = /[\s.,;:!?"'()\u2018-\u201d-]/;
      if (b > text.length || b <= a) return null;
      if (a > 0 && !edge.test(text.charAt(a - 1))) return null;
      if (b < text.length && !edge.test(text.charAt(b))) return null;
      if (/^\s|\s$/.test(text.slice(a, b))) return null;
      return [a, b];
    }

    function sentence(text, items, parent) {
      var p = el("p", { "class": "sentence" }, null, parent), spans = [], at = 0;
      items.forEach(function (e) { var sp = spanIn(text, e); if (sp) spans.push(sp); });
      spans.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
      spans.forEach(function (sp) {
        if (sp[0] < at) return;
        p.appendChild(document.createTextNode(text.slice(at, sp[0])));
        el("mark", null, text.slice(sp[0], sp[1]), p);
        at = sp[1];
      });
      p.appendChild(document.createTextNode(text.slice(at)));
      return p;
    }

    function groupBy(items, key) {
      var groups = {}, keys = [];
      items.forEach(function (x) {
        var k = key(x);
        if (!groups[k]) { groups[k] = []; keys.push(k); }
        groups[k].push(x);
      });
      return keys.map(function (k) { return groups[k]; });
    }

    function evidenceList(evidence, parent) {
      if (!evidence.length) { el("p", { "class": "status" }, "No sentence in the store supports this.", parent); return; }
      groupBy(evidence, function (e) { return e.article; }).forEach(function (items) {
        var first = items[0];
        var box = el("div", { "class": "article", "data-article": first.article }, null, parent);
        var src = el("div", { "class": "source" }, null, box);
        if (/^https?:\/\//i.test(first.source)) {
          el("a", { href: first.source, target: "_blank", rel: "noopener noreferrer" }, first.source, src);
        } else {
          src.textContent = first.source;
        }
        el("div", { "class": "meta" }, (first.published || "date unknown") + " · " + short(first.article), box);
        groupBy(items, function (e) { return e.sentence_start + "\n" + e.sentence; }).forEach(function (same) {
          var facts = groupBy(same, function (e) { return e.fact + "\n" + e.start + "\n" + e.end; }).map(function (g) {
            var e = g[0];
            return e.fact + " (chars " + e.start + "–" + e.end + ", " + e.extractor + " " + Number(e.confidence).toFixed(2) + ")";
          });
          el("div", { "class": "meta" }, facts.join(" · "), box);
          sentence(same[0].sentence, same, box);
        });
      });
    }

    function header(n, parent) {
      el("h2", null, n.label, parent);
      el("p", { "class": "iri-text" }, n.kind + " · " + n.iri, parent);
      if (n.aliases && n.aliases.length) el("p", { "class": "details" }, "Also called: " + n.aliases.join(", "), parent);
      if (n.articles) el("p", { "class": "details" }, "Named in " + n.articles + " article" + (n.articles === 1 ? "" : "s") + ".", parent);
    }

    function render(data) {
      clear(panel);
      if (data.node) {
        var n = data.node;
        header(n, panel);
        Object.keys(n.details || {}).sort().forEach(function (article) {
          var d = n.details[article], facts = [d.type ? d.kind + " (" + d.type + ")" : d.kind, d.date || "date unknown", d.status];
          if (d.places.length) facts.push("at " + d.places.join(", "));
          if (d.participants.length) facts.push("with " + d.participants.join(", "));
          el("p", { "class": "details" }, short(article) + ": " + facts.filter(Boolean).join("; "), panel);
        });
        evidenceList(n.evidence, panel);
      } else {
        var edge = data.edge;
        el("h2", null, edge.a.label + " — " + edge.b.label, panel);
        el("p", { "class": "iri-text" }, edge.a.iri + " · " + edge.b.iri, panel);
        if (!edge.links.length) el("p", { "class": "status" }, "No event or position in the store links them.", panel);
        edge.links.forEach(function (link) {
          el("h3", null, link.relation + ": " + link.label, panel);
          evidenceList(link.evidence, panel);
        });
      }
      if (data.truncated) el("p", { "class": "status" }, "Some evidence was left out: the server cuts each list at its row limit.", panel);
    }

    function show(title, a, b) {
      var mine = loading(title);
      explainNodes(a, b).then(function (data) {
        if (mine === token) render(data);
      }).catch(function (err) {
        if (mine !== token) return;
        clear(panel);
        el("h2", null, title, panel);
        el("pre", { "class": "error" }, describeError(err), panel);
      });
    }

    return {
      clear: clear_,
      render: render,
      node: function (n) { show(n.label, n.id); },
      link: function (l) { show(l.s.label + " — " + l.t.label, l.s.id, l.t.id); }
    };
  })();

  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); Graph.search($("search").value); });
  $("clear-graph").addEventListener("click", function () { Graph.reset(); clear($("search-results")); });
  $("filters").addEventListener("change", Graph.refilter);
  $("filters").addEventListener("input", function (ev) { if (ev.target.type === "text") Graph.refilter(); });
  window.addEventListener("resize", Graph.resize);

  loadExamples();
})();
