// Loads the page's WebAssembly package (web/pkg, built by scripts/build-wasm.sh)
// into Node exactly as the page does: the no-modules glue, then the module.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const root = path.resolve(__dirname, '..', '..');
const pkg = path.join(root, 'web', 'pkg');

async function loadWasm() {
  const glue = path.join(pkg, 'avglint_wasm.js');
  const bin = path.join(pkg, 'avglint_wasm_bg.wasm');
  if (!fs.existsSync(glue) || !fs.existsSync(bin)) {
    throw new Error(`${pkg} is not built: run scripts/build-wasm.sh`);
  }
  // The glue declares `let wasm_bindgen` at the top of a classic script.
  const wasm_bindgen = vm.runInThisContext(fs.readFileSync(glue, 'utf8') + '\n;wasm_bindgen', { filename: glue });
  const module = await WebAssembly.compile(fs.readFileSync(bin));
  await wasm_bindgen({ module_or_path: module });
  return wasm_bindgen;
}

module.exports = { loadWasm, root, pkg };
