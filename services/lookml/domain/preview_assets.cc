#include "services/lookml/domain/preview_assets.h"

namespace opmon::lookml {

const absl::string_view kPreviewCss = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
header p { margin: 0 0 12px; color: #555; }
#controls { display: flex; flex-wrap: wrap; gap: 12px 24px; margin: 8px 0 16px; align-items: flex-start; }
#controls fieldset { border: 1px solid #ccc; padding: 2px 8px; margin: 0; }
.tiles { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
figure.tile { margin: 0; border: 1px solid #ddd; border-radius: 4px; padding: 8px; }
figure.tile figcaption { font-weight: 600; }
figure.tile figcaption small { font-weight: 400; color: #666; margin-left: 6px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 11px; fill: #444; }
svg.chart .axis { stroke: #888; stroke-width: 1; }
svg.chart .grid { stroke: #eee; stroke-width: 1; }
svg.chart .series { fill: none; stroke-width: 2; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
ul.legend .swatch { display: inline-block; margin-right: 4px; vertical-align: 0; }
p.empty { color: #888; font-style: italic; }
table.alerts { border-collapse: collapse; margin-top: 8px; }
table.alerts th, table.alerts td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
)css";

const absl::string_view kPreviewScript = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('opmon-data').textContent);
  var idx = {};
  data.columns.forEach(function (c, i) { idx[c] = i; });
  var NS = 'http://www.w3.org/2000/svg';
  var W = 560, H = 300, L = 64, R = 16, T = 12, B = 48;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  // An interval bound as DataJson writes it: a number, null, or an unbounded
  // side as the string "Infinity" / "-Infinity" (JSON has no infinity).
  function bound(v) { return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v; }
  function xValue(x) {
    if (data.xaxis === 'build_id') {
      if (!/^[0-9]{14}$/.test(x)) return NaN;
      return Date.UTC(+x.slice(0, 4), +x.slice(4, 6) - 1, +x.slice(6, 8), +x.slice(8, 10), +x.slice(10, 12),
                      +x.slice(12, 14));
    }
    return Date.parse(x + 'T00:00:00Z');
  }
  function formatX(t) {
    var s = new Date(t).toISOString();
    return data.xaxis === 'build_id' ? s.slice(0, 16).replace('T', ' ') : s.slice(0, 10);
  }
  function formatY(v) {
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    return String(+v.toPrecision(4));
  }
  function selection() {
    var s = { dims: {}, percentile: null, metric: null, statistic: null };
    document.querySelectorAll('select[data-dimension]').forEach(function (e) {
      s.dims[e.getAttribute('data-dimension')] = [e.value];
    });
    document.querySelectorAll('fieldset[data-dimension]').forEach(function (f) {
      var values = [];
      f.querySelectorAll('input:checked').forEach(function (i) { values.push(i.value); });
      s.dims[f.getAttribute('data-dimension')] = values;
    });
    var p = document.getElementById('percentile');
    if (p) s.percentile = Number(p.value);
    var m = document.getElementById('metric');
    if (m) s.metric = m.value;
    var st = document.getElementById('statistic');
    if (st) s.statistic = st.value;
    return s;
  }
  function tileRows(tile, s, metrics, statistic) {
    return data.rows.filter(function (r) {
      if (metrics.indexOf(r[idx.metric]) < 0 || r[idx.statistic] !== statistic) return false;
      if (statistic === 'percentile' && s.percentile !== null && Number(r[idx.parameter]) !== s.percentile) {
        return false;
      }
      for (var d in s.dims) {
        if (s.dims[d].indexOf(r[idx['dimension:' + d]]) < 0) return false;
      }
      return true;
    });
  }
  function seriesOf(tile, rows) {
    var pivotMetric = tile.getAttribute('data-pivot-metric') === '1';
    var pivotDim = tile.getAttribute('data-pivot-dimension');
    var byKey = {}, order = [];
    rows.forEach(function (r) {
      var parts = [r[idx.branch]];
      if (pivotMetric) parts.push(r[idx.metric]);
      if (pivotDim) parts.push(r[idx['dimension:' + pivotDim]]);
      var key = parts.join(' · ');
      if (!byKey[key]) {
        byKey[key] = { key: key, branch: r[idx.branch], rest: parts.slice(1).join(' · '), points: [] };
        order.push(key);
      }
      var x = xValue(r[idx.x]);
      if (!isNaN(x)) byKey[key].points.push({ x: x, y: r[idx.point], lo: bound(r[idx.lower]), hi: bound(r[idx.upper]) });
    });
    order.sort(function (a, b) {
      var ba = data.branches.indexOf(byKey[a].branch), bb = data.branches.indexOf(byKey[b].branch);
      if (ba !== bb) return (ba < 0 ? 1e9 : ba) - (bb < 0 ? 1e9 : bb);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    var rests = [];
    return order.map(function (k) {
      var s = byKey[k];
      s.points.sort(function (a, b) { return a.x - b.x; });
      if (rests.indexOf(s.rest) < 0) rests.push(s.rest);
      s.dash = rests.indexOf(s.rest);
      s.colour = data.colours[s.branch] || '#555';
      return s;
    });
  }
  function draw(tile, s) {
    var box = tile.querySelector('.chart-box');
    box.textContent = '';
    var metrics = tile.hasAttribute('data-metrics') ? JSON.parse(tile.getAttribute('data-metrics')) : [s.metric];
    var statistic = tile.getAttribute('data-statistic') || s.statistic;
    var ci = tile.getAttribute('data-ci') === '1';
    var series = seriesOf(tile, tileRows(tile, s, metrics, statistic));
    var xs = [], ys = [];
    series.forEach(function (se) {
      se.points.forEach(function (p) {
        xs.push(p.x);
        [p.y, ci ? p.lo : null, ci ? p.hi : null].forEach(function (v) { if (v !== null && isFinite(v)) ys.push(v); });
      });
    });
    if (ys.length === 0) {
      var empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No data for this selection.';
      box.appendChild(empty);
      return;
    }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    if (x0 === x1) { x0 -= 43200000; x1 += 43200000; }
    if (y0 === y1) { y0 -= Math.abs(y0) * 0.1 || 1; y1 += Math.abs(y1) * 0.1 || 1; }
    var pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    function px(x) { return L + (x - x0) / (x1 - x0) * (W - L - R); }
    function py(y) { return T + (1 - (y - y0) / (y1 - y0)) * (H - T - B); }
    var yLabel = statistic + (statistic === 'percentile' && s.percentile !== null ? ' (p' + s.percentile + ')' : '');
    var svg = el('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img',
                          'data-series': String(series.length), 'aria-label': tile.querySelector('figcaption').textContent });
    for (var i = 0; i <= 4; i++) {
      var yv = y0 + (y1 - y0) * i / 4;
      el('line', { 'class': 'grid', x1: L, x2: W - R, y1: py(yv), y2: py(yv) }, svg);
      el('text', { x: L - 6, y: py(yv) + 4, 'text-anchor': 'end', 'class': 'tick' }, svg).textContent = formatY(yv);
    }
    var distinct = xs.filter(function (v, k) { return xs.indexOf(v) === k; }).length;
    var ticks = Math.min(5, Math.max(1, distinct - 1));
    for (var j = 0; j <= ticks; j++) {
      var xv = x0 + (x1 - x0) * j / ticks;
      var anchor = j === 0 ? 'start' : j === ticks ? 'end' : 'middle';
      el('text', { x: px(xv), y: H - B + 16, 'text-anchor': anchor, 'class': 'tick' }, svg).textContent = formatX(xv);
    }
    el('line', { 'class': 'axis', x1: L, x2: L, y1: T, y2: H - B }, svg);
    el('line', { 'class': 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }, svg);
    el('text', { 'class': 'axis-label x-label', x: (L + W - R) / 2, y: H - 8, 'text-anchor': 'middle' }, svg)
      .textContent = data.xaxisTitle;
    el('text', { 'class': 'axis-label y-label', x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle',
                 transform: 'rotate(-90 14 ' + (T + H - B) / 2 + ')' }, svg).textContent = yLabel;
    var dashes = ['', '6 3', '2 3', '8 3 2 3'];
    series.forEach(function (se) {
      if (ci) {
        // An unbounded side reaches the chart's edge.
        var band = se.points.filter(function (p) { return p.lo !== null && p.hi !== null && !isNaN(p.lo) && !isNaN(p.hi); });
        var edge = function (v) { return py(Math.max(y0, Math.min(y1, v))).toFixed(1); };
        if (band.length > 0) {
          var d = band.map(function (p, k) { return (k ? 'L' : 'M') + px(p.x).toFixed(1) + ',' + edge(p.hi); }).join('');
          d += band.slice().reverse().map(function (p) { return 'L' + px(p.x).toFixed(1) + ',' + edge(p.lo); }).join('') + 'Z';
          el('path', { 'class': 'ci-band', d: d, fill: se.colour, 'fill-opacity': '0.18', stroke: 'none',
                       'data-series': se.key }, svg);
        }
      }
      var pts = se.points.filter(function (p) { return p.y !== null && isFinite(p.y); });
      el('polyline', { 'class': 'series', stroke: se.colour, 'stroke-dasharray': dashes[se.dash % dashes.length],
                       'data-series': se.key,
                       points: pts.map(function (p) { return px(p.x).toFixed(1) + ',' + py(p.y).toFixed(1); }).join(' ') }, svg);
      pts.forEach(function (p) { el('circle', { 'class': 'dot', cx: px(p.x), cy: py(p.y), r: 2.5, fill: se.colour }, svg); });
    });
    box.appendChild(svg);
    var legend = document.createElement('ul');
    legend.className = 'legend';
    series.forEach(function (se) {
      var li = document.createElement('li');
      var sw = el('svg', { 'class': 'swatch', width: 24, height: 10, viewBox: '0 0 24 10' });
      el('line', { x1: 0, x2: 24, y1: 5, y2: 5, stroke: se.colour, 'stroke-width': 2,
                   'stroke-dasharray': dashes[se.dash % dashes.length] }, sw);
      li.appendChild(sw);
      li.appendChild(document.createTextNode(se.key));
      legend.appendChild(li);
    });
    box.appendChild(legend);
  }
  function render() {
    var s = selection();
    document.querySelectorAll('figure.tile').forEach(function (t) { draw(t, s); });
    document.body.setAttribute('data-rendered', 'true');
  }
  document.querySelectorAll('#controls select, #controls input').forEach(function (c) {
    c.addEventListener('change', render);
  });
  render();
})();
)js";

}  // namespace opmon::lookml
