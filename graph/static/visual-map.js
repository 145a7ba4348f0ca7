// dkg: the offline map page's behaviour (inlined by graph/visual.py): zoom, pan, tooltips, place list.
(function () {
  "use strict";
  var places = JSON.parse(document.getElementById("dkg-places").textContent);
  var svg = document.getElementById("map");
  var view = document.getElementById("view");
  var tip = document.getElementById("tip");
  var pts = document.querySelectorAll(".pt");
  var labels = document.querySelectorAll(".plabel");
  var T = { x: 0, y: 0, k: 1 };

  // Dots and labels keep their size on screen whatever the zoom.
  function apply() {
    view.setAttribute("transform", "translate(" + T.x + "," + T.y + ") scale(" + T.k + ")");
    pts.forEach(function (c) { c.setAttribute("r", c.dataset.r / T.k); });
    labels.forEach(function (t) {
      var i = +t.dataset.i, p = places[i];
      t.setAttribute("font-size", 11 / T.k);
      t.setAttribute("x", p.x + (+pts[i].dataset.r + 3) / T.k);
      t.setAttribute("y", p.y + 4 / T.k);
      t.style.strokeWidth = 3 / T.k;
      t.style.display = (i < 12 || T.k > 6) ? "" : "none";
    });
  }
  function fitTo(x0, y0, x1, y1) {
    var w = svg.clientWidth, h = svg.clientHeight;
    T.k = Math.min(w / (x1 - x0), h / (y1 - y0));
    T.x = w / 2 - T.k * (x0 + x1) / 2;
    T.y = h / 2 - T.k * (y0 + y1) / 2;
    apply();
  }
  function fitAll() {
    if (!places.length) { fitTo(0, 0, 1000, 500); return; }
    var x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    places.forEach(function (p) {
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    });
    var padX = Math.max(40, (x1 - x0) * 0.15), padY = Math.max(25, (y1 - y0) * 0.15);
    fitTo(Math.max(0, x0 - padX), Math.max(0, y0 - padY),
          Math.min(1000, x1 + padX), Math.min(500, y1 + padY));
  }

  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var k = Math.max(0.5, Math.min(200, T.k * Math.exp(-ev.deltaY * 0.0015)));
    T.x = mx - (mx - T.x) * k / T.k;
    T.y = my - (my - T.y) * k / T.k;
    T.k = k;
    apply();
  }, { passive: false });
  var pan = null;
  svg.addEventListener("pointerdown", function (ev) { pan = { x: ev.clientX - T.x, y: ev.clientY - T.y }; });
  window.addEventListener("pointermove", function (ev) {
    if (!pan) return;
    T.x = ev.clientX - pan.x;
    T.y = ev.clientY - pan.y;
    apply();
  });
  window.addEventListener("pointerup", function () { pan = null; });

  function row(parent, text, cls) {
    var d = document.createElement("div");
    if (cls) d.className = cls;
    d.textContent = text;
    parent.appendChild(d);
    return d;
  }
  function source(s) {
    var d = document.createElement("div");
    if (/^https?:\/\//.test(s)) {
      var a = document.createElement("a");
      a.href = s; a.textContent = s; a.target = "_blank"; a.rel = "noopener";
      d.appendChild(a);
    } else {
      d.textContent = s;
    }
    return d;
  }
  function show(p, ev) {
    tip.textContent = "";
    var b = document.createElement("b");
    b.textContent = p.label;
    tip.appendChild(b);
    var n = p.events.length;
    row(tip, p.type + (p.country ? ", " + p.country : "") + " · " + n + " event" + (n === 1 ? "" : "s"), "k");
    var ul = document.createElement("ul");
    p.events.slice(0, 12).forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = (e.date || "undated") + " · " + e.label + (e.with.length ? " · " + e.with.join(", ") : "");
      e.articles.slice(0, 3).forEach(function (s) { li.appendChild(source(s)); });
      ul.appendChild(li);
    });
    if (n > 12) row(ul, "+" + (n - 12) + " more");
    tip.appendChild(ul);
    tip.style.display = "block";
    move(ev);
  }
  function move(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) x = ev.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = Math.max(8, ev.clientY - tip.offsetHeight - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  pts.forEach(function (c) {
    var p = places[+c.dataset.i];
    c.addEventListener("pointerenter", function (ev) { show(p, ev); });
    c.addEventListener("pointermove", move);
    c.addEventListener("pointerleave", function () { tip.style.display = "none"; });
  });
  document.querySelectorAll("#list li").forEach(function (li) {
    li.addEventListener("click", function () {
      var i = +li.dataset.i, p = places[i];
      pts.forEach(function (c) { c.classList.toggle("on", +c.dataset.i === i); });
      fitTo(p.x - 20, p.y - 10, p.x + 20, p.y + 10);
    });
  });
  document.getElementById("fit").addEventListener("click", fitAll);
  fitAll();
})();
