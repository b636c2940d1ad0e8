// Loads the journeys module (journeys/, built from the crate in journeys/) when a person first
// opens one of its journeys, so it is never part of the first load. Same-origin dynamic
// import: allowed by script-src 'self'; the wasm is compiled under 'wasm-unsafe-eval'. Used
// by src/ui/journey_host.rs.
let loading = null;

function load() {
  if (!loading) {
    const base = new URL('journeys/', document.baseURI);
    loading = import(new URL('journeys.js', base).href).then(async (m) => {
      await m.default({ module_or_path: new URL('journeys_bg.wasm', base) });
      return m;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

export async function mountJourney(name, host, card, base, shipped, onAction) {
  const m = await load();
  return m.mount(name, host, card, base, shipped, onAction);
}

export function updateJourney(journey, card, base) {
  journey.update(card, base);
}

export function destroyJourney(journey) {
  try {
    journey.destroy();
  } finally {
    journey.free();
  }
}
