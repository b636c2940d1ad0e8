// Loads the spreadsheet module (xlsx/, built from the crate in xlsx/) on first use only, so it
// is never part of the first load. Same-origin dynamic import: allowed by script-src 'self';
// the wasm is compiled under 'wasm-unsafe-eval'. Used by web/src/xlsx.rs.
let loading = null;
let generation = 0;

function load() {
  if (!loading) {
    const base = new URL('xlsx/', document.baseURI);
    const js = new URL(generation ? `xlsx.js?instance=${generation}` : 'xlsx.js', base);
    loading = import(js.href).then(async (m) => {
      await m.default({ module_or_path: new URL('xlsx_bg.wasm', base) });
      return m;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

async function call(name, bytes) {
  const m = await load();
  try {
    return m[name](bytes);
  } catch (e) {
    // A trap (a bug or a file the reader chokes on) leaves that instance unusable: the next
    // call gets a fresh one.
    if (e instanceof WebAssembly.RuntimeError) {
      loading = null;
      generation += 1;
    }
    throw e;
  }
}

export async function xlsxRead(bytes) { return call('read_workbook', bytes); }
export async function xlsxWrite(bytes) { return call('write_workbook', bytes); }
