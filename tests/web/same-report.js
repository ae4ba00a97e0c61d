// The WASM report equals the command line's, byte for byte, for every file
// `avglint check --no-ignore fixtures` walks (the hostile ones and the notes
// about the fixtures included). The command line runs once per file with
// the same relative path the page is given as the file's name, and with
// --no-config (the page has no folder to find a config in); nothing is
// normalised. AVGLINT_BIN names the binary (default target/debug/avglint).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { loadWasm, root } = require('./load-wasm');

function cli(bin, args) {
  try {
    return execFileSync(bin, args, { cwd: root, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // Exit code 1 (findings) and 2 (a file that could not be judged) still write the report.
    if (e.stdout && e.stdout.length) return e.stdout;
    throw e;
  }
}

(async () => {
  const bin = process.env.AVGLINT_BIN || path.join(root, 'target', 'debug', 'avglint');
  const wasm = await loadWasm();
  const all = JSON.parse(cli(bin, ['check', '--format', 'json', '--no-config', '--no-ignore', 'fixtures']).toString('utf8'));
  const files = all.files.map((f) => f.path);
  if (files.length < 10) throw new Error(`only ${files.length} fixtures walked`);
  let failed = 0;
  for (const file of files) {
    const expected = cli(bin, ['check', '--format', 'json', '--no-config', file]).toString('utf8');
    const c = wasm.check(file, fs.readFileSync(path.join(root, file)));
    const got = c.report;
    c.free();
    if (got === expected) continue;
    failed++;
    let i = 0;
    while (i < got.length && got[i] === expected[i]) i++;
    console.error(`DIFFERS ${file} at character ${i}:\n  cli:  ${JSON.stringify(expected.slice(Math.max(0, i - 60), i + 60))}\n  wasm: ${JSON.stringify(got.slice(Math.max(0, i - 60), i + 60))}`);
  }
  console.log(`same-report: ${files.length - failed} of ${files.length} fixtures give the same bytes from the page's WASM and from avglint check`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
