//! The engine's speed in WebAssembly, measured in the browser (the goal: within 1.5× of its
//! native time on the county benchmark). `window.wasmBindings.bench_county(…)` runs the same
//! calculation as `sen-funding bench` (the same generated county, R1–R10, every figure) and
//! returns its timings as JSON; `tests/browser/engine-speed.test.mjs` runs both side by side.
//! Nothing in the app calls it.

use wasm_bindgen::prelude::*;

use sen_funding::engine::RateCard;
use sen_funding::synth::{county, CountySize};
use sen_funding_fast::calculate;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Times `calculate` on a generated county `runs` times: `{"median_ms", "min_ms", "max_ms",
/// "total_direct_pennies"}`, or `{"error"}` for a card that is not valid.
#[wasm_bindgen]
pub fn bench_county(card_json: &str, communities: u32, schools: u32, pupils: u32, seed: u32, runs: u32) -> String {
    let card = match RateCard::from_json_str(card_json) {
        Ok(c) => c,
        Err(e) => return serde_json::json!({ "error": e.iter().map(|e| e.to_string()).collect::<Vec<_>>() }).to_string(),
    };
    let size = CountySize { communities: communities as usize, schools: schools as usize, pupils: pupils as usize };
    let s = county(&card, size, u64::from(seed));
    let runs = runs.max(1) as usize;
    let mut out = calculate(&s);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = now_ms();
        out = calculate(&s);
        times.push(now_ms() - t);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let total: i64 = out.schools.iter().map(|s| s.years.iter().map(|y| y.direct).sum::<i64>()).sum();
    serde_json::json!({
        "median_ms": times[runs / 2],
        "min_ms": times[0],
        "max_ms": times[runs - 1],
        "total_direct_pennies": total.to_string(),
    })
    .to_string()
}
