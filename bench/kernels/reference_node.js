#!/usr/bin/env node
// Runs the reference JavaScript UDFs in Node, reading them at run time from
// checkouts of the reference repositories (nothing of them is stored here):
//   --opmon DIR          git checkout/mirror of mozilla/opmon (the jackknife
//                        UDF is taken from the commit before its removal)
//   --bigquery-etl DIR   git checkout/mirror of mozilla/bigquery-etl
//                        (udf_js/bootstrap_percentile_ci and qbinom.js)
// or the environment variables OPMON_REF_OPMON / OPMON_REF_BIGQUERY_ETL.
//
//   node reference_node.js bench --bench-binary BUILD/bench/kernels/opmon_kernels_bench
//       times the reference jackknife and bootstrap (100 and 1,000 buckets x
//       7 percentiles), runs the native benchmarks in the same script, checks
//       the native results are identical and prints the ratios.
//   node reference_node.js testdata --out tests/data/kernels/reference_cases.json
//       writes the expected values the unit tests compare against.
// Exits 0 with a "skipped" message when a reference checkout is missing.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');
const { execFileSync } = require('child_process');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function git(dir, args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function udfBody(sql) {
  const m = sql.match(/"""([\s\S]*?)"""/);
  if (!m) throw new Error('no JavaScript body found in the UDF');
  return m[1];
}

function loadReferences() {
  const opmon = arg('--opmon', process.env.OPMON_REF_OPMON);
  const etl = arg('--bigquery-etl', process.env.OPMON_REF_BIGQUERY_ETL);
  if (!opmon || !fs.existsSync(opmon) || !etl || !fs.existsSync(etl)) {
    console.log('skipped: reference checkouts not found; pass --opmon DIR and --bigquery-etl DIR ' +
                '(or set OPMON_REF_OPMON / OPMON_REF_BIGQUERY_ETL) pointing at git checkouts of ' +
                'mozilla/opmon and mozilla/bigquery-etl');
    process.exit(0);
  }
  const jkPath = 'opmon/templates/jackknife_percentile_ci_udf.sql';
  const removal = git(opmon, ['log', '--all', '--format=%H', '-1', '--diff-filter=D', '--', jkPath]).trim();
  const jkSql = git(opmon, ['show', `${removal}^:${jkPath}`]);
  const bsSql = git(etl, ['show', 'HEAD:sql/moz-fx-data-shared-prod/udf_js/bootstrap_percentile_ci/udf.sql']);
  const qbinomSrc = git(etl, ['show', 'HEAD:sql/moz-fx-data-shared-prod/udf_js_lib/qbinom.js']);
  vm.runInThisContext(qbinomSrc);  // defines the global qbinom, as BigQuery's library option does
  const etlCommit = git(etl, ['rev-parse', 'HEAD']).trim();
  return {
    jackknife: new Function('percentiles', 'histogram', 'metric', udfBody(jkSql)),
    bootstrap: new Function('percentiles', 'histogram', 'metric', udfBody(bsSql)),
    qbinom: globalThis.qbinom,
    provenance: { opmon_jackknife_commit: `${removal}^`, bigquery_etl_commit: etlCommit },
  };
}

function mulberry32(a) {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// BigQuery reads the UDF's string outputs back as FLOAT64; null stays NULL.
function asFloat(x) { return x === null || x === undefined ? null : Number(x); }

function runUdf(fn, percentiles, buckets, seed) {
  if (seed !== undefined) Math.random = mulberry32(seed);
  const histogram = { values: buckets.map(([key, value]) => ({ key, value })) };
  try {
    return fn(percentiles, histogram, 'metric').map(r => ({
      parameter: Number(r.parameter), point: asFloat(r.point), lower: asFloat(r.lower), upper: asFloat(r.upper),
    }));
  } catch (e) {
    return { error: String(e) };
  }
}

// The benchmark histograms (same formula as kernels_bench.cc, exact in both).
function benchHistogram(n) {
  const h = [];
  for (let i = 0; i < n; i++) h.push([i, (((i * 7919) % 1000) + 1) / 37]);
  return h;
}
const BENCH_PERCENTILES = [1, 5, 25, 50, 75, 95, 99];

// Sum of normalised client histograms: `clients` log-normal values on
// Firefox-like exponential buckets (the shape OpMon feeds the UDFs).
function clientHistogram(rng, clients, buckets, spread) {
  const keys = [0];
  for (let i = 1; keys.length < buckets; i++) {
    const k = Math.max(keys[keys.length - 1] + 1, Math.round(Math.pow(1.15, i)));
    keys.push(k);
  }
  const mass = new Array(buckets).fill(0);
  for (let c = 0; c < clients; c++) {
    const pings = 1 + Math.floor(rng() * 3);
    const counts = new Map();
    for (let p = 0; p < pings; p++) {
      const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const v = Math.exp(3 + spread * z);
      let b = 0;
      while (b + 1 < buckets && keys[b + 1] <= v) b++;
      counts.set(b, (counts.get(b) || 0) + 1 + Math.floor(rng() * 4));
    }
    let total = 0;
    for (const v of counts.values()) total += v;
    for (const [b, v] of counts) mass[b] += v / total;
  }
  return keys.map((k, i) => [k, mass[i]]);
}

function testdata(ref) {
  const rng = mulberry32(20240601);
  const histograms = [
    { name: 'empty', buckets: [] },
    { name: 'all_zero', buckets: [[0, 0], [1, 0], [2, 0]] },
    { name: 'one_bin', buckets: [[0, 0], [1, 1], [2, 0]] },
    { name: 'seven_bin', buckets: [[-4.5, 0], [-3.5, 0.01], [-2.5, 0.12], [-1.5, 0.22], [-0.5, 0.3],
                                   [0.5, 0.22], [1.5, 0.12], [2.5, 0.01], [3.5, 0]] },
    { name: 'counts', buckets: [[0, 12434], [1, 297], [13, 8]] },
    { name: 'fractional_small', buckets: [[1, 0.25], [2, 0.5], [4, 0.125], [8, 0.125]] },
    { name: 'unsorted', buckets: [[5, 3], [1, 2], [3, 7], [2, 1]] },
    { name: 'zeros_at_ends', buckets: [[0, 0], [1, 0], [2, 4], [3, 9], [4, 2], [5, 0], [6, 0]] },
    { name: 'bench_100', buckets: benchHistogram(100) },
  ];
  for (const [clients, buckets, spread] of [[10, 20, 0.8], [100, 40, 1.0], [1000, 60, 1.2],
                                            [3, 10, 0.5], [250, 100, 1.5], [5000, 80, 0.7]]) {
    histograms.push({ name: `clients_${clients}_buckets_${buckets}`,
                      buckets: clientHistogram(rng, clients, buckets, spread) });
  }
  const percentileSets = [[5, 25, 50, 75, 95], [0, 1, 50, 99, 100], [50, 90, 99]];
  const cases = [];
  for (const h of histograms) {
    for (const percentiles of percentileSets) {
      cases.push({ method: 'jackknife', histogram: h.name, percentiles,
                   expected: runUdf(ref.jackknife, percentiles, h.buckets) });
      for (const seed of [0, 42, 4294967295]) {
        cases.push({ method: 'bootstrap', histogram: h.name, percentiles, seed,
                     expected: runUdf(ref.bootstrap, percentiles, h.buckets, seed) });
      }
    }
  }
  const big = { name: 'bench_1000', buckets: benchHistogram(1000) };
  histograms.push(big);
  cases.push({ method: 'jackknife', histogram: big.name, percentiles: [5, 50, 95],
               expected: runUdf(ref.jackknife, [5, 50, 95], big.buckets) });
  cases.push({ method: 'bootstrap', histogram: big.name, percentiles: BENCH_PERCENTILES, seed: 7,
               expected: runUdf(ref.bootstrap, BENCH_PERCENTILES, big.buckets, 7) });
  for (const [percentiles, buckets] of [[[], [[1, 1]]], [[-10], [[1, 1]]], [[110], [[1, 1]]],
                                        [[110], [[1, 0]]]]) {
    cases.push({ method: 'bootstrap', histogram: null, buckets, percentiles, seed: 0,
                 expected: runUdf(ref.bootstrap, percentiles, buckets, 0) });
    cases.push({ method: 'jackknife', histogram: null, buckets, percentiles,
                 expected: runUdf(ref.jackknife, percentiles, buckets) });
  }

  const qbinom = [];
  const draws = mulberry32(99);
  for (const n of [1, 10, 1000, 123457, 1000000, 13500000, 100000000, 1000000000]) {
    for (const p of [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
      const us = [0, 1, 2.3283064365386963e-10, 0.5, 1 - 2.3283064365386963e-10];
      for (let i = 0; i < 40; i++) us.push(draws());
      for (const u of us) qbinom.push([u, n, p, ref.qbinom(u, n, p)]);
    }
  }
  const mulberry = {};
  for (const seed of [0, 1, 42, 4294967295]) {
    const g = mulberry32(seed);
    mulberry[seed] = Array.from({ length: 20 }, () => g());
  }
  const toFixed = [];
  const values = [0.125, 0.375, 0.625, 0.875, -0.125, 1.005, 2.675, 1.345, 0.005, -0.005, 1e-7,
                  -1e-7, 123456.785, 0.045, 1.5e21, 123456789012.125, 99.995, -2.5, 3.14159, 1 / 3, -2 / 3];
  const r = mulberry32(5);
  for (let i = 0; i < 200; i++) values.push((r() - 0.5) * Math.pow(10, Math.floor(r() * 8)));
  for (let i = 0; i < 100; i++) values.push(Math.round((r() - 0.5) * 80000) / 8);
  for (const v of values) toFixed.push([v, Number(v.toFixed(2))]);

  return {
    description: 'Expected outputs of the reference UDFs run in Node; see README.md.',
    provenance: ref.provenance, node: process.version,
    histograms: Object.fromEntries(histograms.map(h => [h.name, h.buckets])),
    cases, qbinom, mulberry32: mulberry, to_fixed_2: toFixed,
  };
}

function timeIt(fn, minMs) {
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs || runs < 2) {
    fn();
    runs++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return elapsed / runs;  // ms per call
}

function bench(ref) {
  const binary = arg('--bench-binary');
  if (!binary || !fs.existsSync(binary)) {
    console.log('skipped: pass --bench-binary BUILD/bench/kernels/opmon_kernels_bench');
    process.exit(0);
  }
  const minMs = Number(arg('--min-ms', '3000'));
  const rows = [];
  const check = { cases: [] };
  for (const n of [100, 1000]) {
    const h = benchHistogram(n);
    const jk = timeIt(() => runUdf(ref.jackknife, BENCH_PERCENTILES, h), minMs);
    const bs = timeIt(() => runUdf(ref.bootstrap, BENCH_PERCENTILES, h, 1), minMs);
    rows.push({ n, jackknife_ms: jk, bootstrap_ms: bs });
    check.cases.push({ method: 'jackknife', buckets: n, percentiles: BENCH_PERCENTILES,
                       expected: runUdf(ref.jackknife, BENCH_PERCENTILES, h) });
    check.cases.push({ method: 'bootstrap', buckets: n, percentiles: BENCH_PERCENTILES, seed: 1,
                       expected: runUdf(ref.bootstrap, BENCH_PERCENTILES, h, 1) });
  }
  const checkFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opmon-kernels-')), 'check.json');
  fs.writeFileSync(checkFile, JSON.stringify(check));
  const out = execFileSync(binary, [`--kernels_check=${checkFile}`,
                                    '--benchmark_filter=BM_(Jackknife|Bootstrap)/',
                                    '--benchmark_format=json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const json = JSON.parse(out.slice(out.indexOf('{')));
  const nativeMs = {};
  for (const b of json.benchmarks) nativeMs[b.name] = b.real_time / (b.time_unit === 'ns' ? 1e6 : b.time_unit === 'us' ? 1e3 : 1);
  console.log(out.slice(0, out.indexOf('{')).trim());
  console.log(`node ${process.version}; reference: ${JSON.stringify(ref.provenance)}`);
  console.log('method      buckets  reference (ms)  native (ms)      ratio');
  for (const r of rows) {
    for (const [method, key, name] of [['jackknife', 'jackknife_ms', 'BM_Jackknife'],
                                       ['bootstrap', 'bootstrap_ms', 'BM_Bootstrap']]) {
      const native = nativeMs[`${name}/${r.n}`];
      console.log(`${method.padEnd(11)} ${String(r.n).padStart(7)} ${r[key].toFixed(3).padStart(15)} ` +
                  `${native.toFixed(5).padStart(12)} ${(r[key] / native).toFixed(0).padStart(10)}x`);
    }
  }
}

const mode = process.argv[2];
if (mode === 'testdata') {
  const ref = loadReferences();
  const out = arg('--out');
  fs.writeFileSync(out, JSON.stringify(testdata(ref)) + '\n');
  console.log(`wrote ${out}`);
} else if (mode === 'bench') {
  bench(loadReferences());
} else {
  console.log('usage: reference_node.js testdata --out FILE | bench --bench-binary FILE ' +
              '[--min-ms N] (--opmon DIR --bigquery-etl DIR)');
  process.exit(2);
}
