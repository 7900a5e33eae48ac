// Parses a generated Looker project with the npm lookml-parser (and js-yaml
// for dashboards) and checks that the model sees every view, explore and
// dashboard. Usage: node check_with_lookml_parser.js <npm prefix> <tree dir>
// Exit codes: 0 all parsed, 1 a problem (listed), 77 the parser is not
// installed (npm registry unreachable at setup): the test is skipped.
'use strict';
const fs = require('fs');
const path = require('path');

const [prefix, tree] = process.argv.slice(2);
let parser, yaml;
try {
  parser = require(path.join(prefix, 'node_modules', 'lookml-parser'));
  yaml = require(path.join(prefix, 'node_modules', 'js-yaml'));
} catch (e) {
  console.log('SKIPPED: lookml-parser/js-yaml not installed under ' + prefix + ' (npm registry unreachable?)');
  process.exit(77);
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : [p];
  });
}

const problems = [];
const names = { view: new Set(), explore: new Set(), dashboard: new Set() };
const files = walk(tree).sort();
for (const file of files) {
  const rel = path.relative(tree, file);
  const text = fs.readFileSync(file, 'utf8');
  try {
    if (file.endsWith('.lookml')) {
      const docs = yaml.load(text);
      if (!Array.isArray(docs)) throw new Error('not a list of dashboards');
      docs.forEach((d) => names.dashboard.add(d.dashboard));
    } else {
      const parsed = parser.parse(text);
      for (const kind of ['view', 'explore']) {
        Object.keys(parsed[kind] || {}).forEach((n) => names[kind].add(n));
      }
    }
  } catch (e) {
    problems.push(rel + ': ' + String(e).split('\n')[0]);
  }
}

(async () => {
  // Includes are absolute from the project root, which the parser takes
  // to be the working directory.
  process.chdir(tree);
  const result = await parser.parseFiles({
    source: '**/*.{lkml,lookml}',
    fileOutput: 'array',
    console: { log() {}, warn() {}, error: (m) => problems.push(String(m)) },
  });
  const model = (result.model || {}).operational_monitoring;
  if (!model) {
    problems.push('the model operational_monitoring was not assembled');
  } else {
    for (const kind of ['view', 'explore', 'dashboard']) {
      for (const n of names[kind]) {
        if (!model[kind] || !model[kind][n]) problems.push('model does not include ' + kind + ' ' + n);
      }
    }
  }
  for (const f of result.files || []) {
    if (f.$error) problems.push((f.$file_path || '?') + ': ' + String(f.$error).split('\n')[0]);
  }
  if (problems.length > 0) {
    problems.forEach((p) => console.log(p));
    process.exit(1);
  }
  console.log('parsed ' + files.length + ' files: ' + names.view.size + ' views, ' + names.explore.size +
              ' explores, ' + names.dashboard.size + ' dashboards');
})();
