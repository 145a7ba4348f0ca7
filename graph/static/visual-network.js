// dkg: the interactive network page's behaviour (inlined by graph/visual.py): a small force layout,
// pan and zoom, drag, tooltips, highlight, search and a legend that hides categories.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dkg-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("net"), view = document.getElementById("view");
  var edgeLayer = document.getElementById("edges"), elabelLayer = document.getElementById("elabels");
  var nodeLayer = document.getElementById("nodes"), labelLayer = document.getElementById("nlabels");
  var tip = document.getElementById("tip");
  var nodes = data.nodes, links = data.links, hiddenCats = {};
  var T = { x: 0, y: 0, k: 1 };

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }
  nodes.forEach(function (n, i) {
    n.i = i; n.vx = 0; n.vy = 0; n.adj = {}; n.edges = [];
    n.r = (n.event ? 5 : 6) + 3 * Math.sqrt(n.degree);
  });
  data.seeds.forEach(function (i) { nodes[i].seed = true; nodes[i].r += 4; });
  links.forEach(function (l) {
    l.s = nodes[l.source]; l.t = nodes[l.target];
    l.s.adj[l.t.i] = true; l.t.adj[l.s.i] = true; l.s.edges.push(l); l.t.edges.push(l);
    l.line = el("line", { "class": "edge" + (l.relation === "place" ? " place" : "") }, edgeLayer);
    if (l.relation === "shared") l.line.setAttribute("stroke-width", 1 + Math.log2(l.weight));
    l.text = el("text", { "class": "elabel", "text-anchor": "middle" }, elabelLayer);
    l.text.textContent = l.label;
  });
  nodes.forEach(function (n) {
    n.g = el("g", { "class": "node" + (n.seed ? " seed" : "") }, nodeLayer);
    if (n.event) {
      el("path", { "class": "shape", d: "M0," + -n.r + "L" + n.r + ",0L0," + n.r + "L" + -n.r + ",0Z",
                   fill: n.color }, n.g);
    } else {
      el("circle", { "class": "shape", r: n.r, fill: n.color }, n.g);
    }
    // Names of the best connected actors and places always show; the rest once zoomed in.
    var major = n.seed || n.major;
    n.text = el("text", { "class": "nlabel" + (n.event ? " ev" : "") + (major ? "" : " minor"),
                          "text-anchor": "middle" }, labelLayer);
    n.text.textContent = n.short;
    n.g.addEventListener("pointerenter", function (ev) { showTip(n, ev); });
    n.g.addEventListener("pointermove", moveTip);
    n.g.addEventListener("pointerleave", function () { tip.style.display = "none"; });
    n.g.addEventListener("pointerdown", function (ev) { startDrag(n, ev); });
  });

  // ---- a small force layout: springs on links, repulsion between nodes (grid-bucketed), weak gravity
  var alpha = 0.06, running = false, LINK = 80;
  function tick() {
    var i, j, a, b, dx, dy, d2, d, f, n = nodes.length;
    var cell = 160, grid = {};
    for (i = 0; i < n; i++) {
      a = nodes[i]; if (hiddenCats[a.category]) continue;
      var key = Math.floor(a.x / cell) + "," + Math.floor(a.y / cell);
      (grid[key] = grid[key] || []).push(a);
    }
    for (i = 0; i < n; i++) {
      a = nodes[i]; if (hiddenCats[a.category]) continue;
      var gx = Math.floor(a.x / cell), gy = Math.floor(a.y / cell);
      for (var ox = -1; ox <= 1; ox++) for (var oy = -1; oy <= 1; oy++) {
        var bucket = grid[(gx + ox) + "," + (gy + oy)]; if (!bucket) continue;
        for (j = 0; j < bucket.length; j++) {
          b = bucket[j]; if (b.i <= a.i) continue;
          dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy;
          if (d2 > cell * cell) continue;
          if (d2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 1; }
          f = 900 * alpha / d2;
          var minD = a.r + b.r + 14;
          if (d2 < minD * minD) f += 0.5 * alpha * (minD - Math.sqrt(d2)) / Math.sqrt(d2);
          a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
        }
      }
    }
    links.forEach(function (l) {
      if (hiddenCats[l.s.category] || hiddenCats[l.t.category]) return;
      dx = l.t.x - l.s.x; dy = l.t.y - l.s.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
      f = (d - LINK) / d * 0.08 * alpha * 10;
      l.s.vx += dx * f * 0.5; l.s.vy += dy * f * 0.5; l.t.vx -= dx * f * 0.5; l.t.vy -= dy * f * 0.5;
    });
    nodes.forEach(function (m) {
      if (m.fixed) { m.vx = m.vy = 0; return; }
      m.vx -= m.x * 0.0005 * alpha; m.vy -= m.y * 0.0005 * alpha;
      m.vx *= 0.6; m.vy *= 0.6;
      m.x += Math.max(-30, Math.min(30, m.vx)); m.y += Math.max(-30, Math.min(30, m.vy));
    });
  }
  function draw() {
    links.forEach(function (l) {
      l.line.setAttribute("x1", l.s.x); l.line.setAttribute("y1", l.s.y);
      l.line.setAttribute("x2", l.t.x); l.line.setAttribute("y2", l.t.y);
      l.text.setAttribute("x", (l.s.x + l.t.x) / 2); l.text.setAttribute("y", (l.s.y + l.t.y) / 2 - 2);
    });
    nodes.forEach(function (n) {
      n.g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")");
      n.text.setAttribute("x", n.x); n.text.setAttribute("y", n.y + n.r + FS);
    });
  }
  function loop() {
    tick(); draw(); alpha *= 0.97;
    if (alpha > 0.004) requestAnimationFrame(loop); else running = false;
  }
  function heat(a) {
    alpha = Math.max(alpha, a);
    if (!running) { running = true; requestAnimationFrame(loop); }
  }

  // ---- pan, zoom, drag
  var FS = 11;
  function apply() {
    view.setAttribute("transform", "translate(" + T.x + "," + T.y + ") scale(" + T.k + ")");
    svg.classList.toggle("zoomed", T.k > 1.3);
    // Labels keep about the same size on screen until zoomed well in.
    var s = 1 / Math.min(T.k, 1.5);
    FS = 11 * s;
    view.style.setProperty("--fs", FS + "px"); view.style.setProperty("--fse", 9.5 * s + "px");
    view.style.setProperty("--sw", 3 * s + "px");
    draw();
  }
  function fit() {
    var vis = nodes.filter(function (n) { return !hiddenCats[n.category]; });
    if (!vis.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    vis.forEach(function (n) {
      x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y);
      x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y);
    });
    var w = svg.clientWidth, h = svg.clientHeight - 60, pad = 60;
    T.k = Math.min(2, (w - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1));
    T.x = w / 2 - T.k * (x0 + x1) / 2; T.y = 60 + h / 2 - T.k * (y0 + y1) / 2; apply();
  }
  function toWorld(ev) {
    var r = svg.getBoundingClientRect();
    return { x: (ev.clientX - r.left - T.x) / T.k, y: (ev.clientY - r.top - T.y) / T.k };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var k = Math.max(0.05, Math.min(8, T.k * Math.exp(-ev.deltaY * 0.0015)));
    T.x = mx - (mx - T.x) * k / T.k; T.y = my - (my - T.y) * k / T.k; T.k = k; apply();
  }, { passive: false });
  var pan = null, drag = null, clickedNode = null;
  svg.addEventListener("pointerdown", function (ev) {
    if (drag) return;
    pan = { x: ev.clientX - T.x, y: ev.clientY - T.y, moved: false }; svg.classList.add("panning");
  });
  window.addEventListener("pointermove", function (ev) {
    if (drag) {
      var p = toWorld(ev); drag.n.x = p.x; drag.n.y = p.y; drag.moved = true; heat(0.05); draw();
    } else if (pan) { T.x = ev.clientX - pan.x; T.y = ev.clientY - pan.y; pan.moved = true; apply(); }
  });
  window.addEventListener("pointerup", function () {
    if (drag) { drag.n.fixed = false; if (!drag.moved) select(drag.n); drag = null; }
    else if (pan) { if (!pan.moved) select(null); }
    pan = null; svg.classList.remove("panning");
  });
  function startDrag(n, ev) { ev.stopPropagation(); drag = { n: n, moved: false }; n.fixed = true; }

  // ---- highlight, tooltips, search, legend
  function select(n) {
    clickedNode = n;
    svg.classList.toggle("dim", !!n);
    nodes.forEach(function (m) {
      var on = !!n && (m === n || !!n.adj[m.i]);
      m.g.classList.toggle("hl", on); m.text.classList.toggle("hl", on);
    });
    links.forEach(function (l) {
      var on = !!n && (l.s === n || l.t === n);
      l.line.classList.toggle("hl", on); l.text.classList.toggle("hl", on);
    });
  }
  function line(parent, key, value) {
    if (value === "" || value === undefined || value === null) return;
    var d = document.createElement("div"), k = document.createElement("span");
    k.className = "k";
    k.textContent = key + ": ";
    d.appendChild(k);
    d.appendChild(document.createTextNode(String(value)));
    parent.appendChild(d);
  }
  function showTip(n, ev) {
    tip.textContent = "";
    var b = document.createElement("b"); b.textContent = n.label; tip.appendChild(b);
    line(tip, "type", n.event ? n.kind + " event" : n.type);
    line(tip, "date", n.date); line(tip, "status", n.status);
    if (!n.event) line(tip, "events", n.events);
    line(tip, "connections", n.degree);
    line(tip, "sources", n.sources);
    if (n.articles && n.articles.length) {
      var ul = document.createElement("ul");
      n.articles.slice(0, 6).forEach(function (s) {
        var li = document.createElement("li");
        if (/^https?:\/\//.test(s)) {
          var a = document.createElement("a");
          a.href = s; a.textContent = s; a.target = "_blank"; a.rel = "noopener";
          li.appendChild(a);
        }
        else li.textContent = s;
        ul.appendChild(li);
      });
      if (n.articles.length > 6) {
        var more = document.createElement("li");
        more.textContent = "+" + (n.articles.length - 6) + " more";
        ul.appendChild(more);
      }
      tip.appendChild(ul);
    }
    tip.style.display = "block"; moveTip(ev);
  }
  function moveTip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) x = ev.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = ev.clientY - tip.offsetHeight - 14;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  var search = document.getElementById("search"), list = document.getElementById("names");
  var names = nodes.filter(function (n) { return !n.event; }).map(function (n) { return n.label; });
  names.sort().forEach(function (s) {
    var o = document.createElement("option"); o.value = s; list.appendChild(o);
  });
  search.addEventListener("change", function () {
    var q = search.value.trim().toLowerCase(); if (!q) { select(null); return; }
    var hit = nodes.filter(function (n) { return n.label.toLowerCase() === q; })[0] ||
              nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; })[0];
    if (!hit) return;
    select(hit);
    var w = svg.clientWidth, h = svg.clientHeight; T.k = Math.max(T.k, 1.5);
    T.x = w / 2 - T.k * hit.x; T.y = h / 2 - T.k * hit.y; apply();
  });
  document.getElementById("elabels-toggle").addEventListener("change", function (ev) {
    svg.classList.toggle("elabels", ev.target.checked);
  });
  var legend = document.getElementById("legend");
  data.legend.forEach(function (c) {
    var s = document.createElement("span"), i = document.createElement("i");
    i.style.background = c.color; if (c.event) i.className = "ev";
    s.appendChild(i); s.appendChild(document.createTextNode(c.name + " (" + c.count + ")"));
    s.title = "show or hide";
    s.addEventListener("click", function () {
      hiddenCats[c.category] = !hiddenCats[c.category]; s.classList.toggle("off", hiddenCats[c.category]);
      nodes.forEach(function (n) {
        var off = !!hiddenCats[n.category];
        n.g.classList.toggle("hidden", off);
        n.text.classList.toggle("hidden", off);
      });
      links.forEach(function (l) {
        var off = !!(hiddenCats[l.s.category] || hiddenCats[l.t.category]);
        l.line.classList.toggle("hidden", off);
        l.text.classList.toggle("hidden", off);
      });
    });
    legend.appendChild(s);
  });
  document.getElementById("fit").addEventListener("click", fit);
  draw(); fit(); heat(0.06);
})();
