// Validates a Frictionless Data Package with the reference JavaScript
// library: the descriptor against its profile, then every row of every
// resource cast to its field's type, with foreign keys resolved. Prints
// every problem and exits 1 when there is any.
//
// Usage: node frictionless.js path/to/datapackage.json
'use strict';
const { Package } = require('datapackage');

function detail(e) {
  return e.message + (e.errors ? ': ' + e.errors.map((x) => x.message).join('; ') : '');
}

(async () => {
  const pkg = await Package.load(process.argv[2]);
  let problems = 0;
  const report = (msg) => { problems++; console.log(msg); };
  if (!pkg.valid) {
    for (const e of pkg.errors) report('package: ' + detail(e));
  }
  for (const r of pkg.resources) {
    if (!r.valid) {
      for (const e of r.errors) report(r.name + ': ' + detail(e));
      continue;
    }
    try {
      // forceCast returns a bad row as an Error instead of stopping at it.
      const rows = await r.read({ cast: true, relations: true, forceCast: true });
      rows.forEach((row, i) => {
        if (row instanceof Error) report(r.name + ' row ' + (i + 1) + ': ' + detail(row));
      });
      console.log(r.name + ': ' + rows.length + ' rows');
    } catch (e) {
      report(r.name + ': ' + detail(e));
    }
  }
  console.log(problems + ' problems');
  process.exit(problems ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
