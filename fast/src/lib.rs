//! The engine's calculation (R1–R10, `sen_funding::engine::calculate`) compiled for speed.
//!
//! The web app is built for size (`opt-level = "z"`: it is downloaded), and at that level the
//! county benchmark ran at 1.5–1.7× its native time. The calculation is the app's one hot
//! path, so it is instantiated here, in a package that the release profile builds at
//! `opt-level = 3`. `calculate` and what it runs for every pupil (`pupil_outcome_with`,
//! `routes::decide`, `routes::pupil_sums`, `setting_totals`) are `#[inline]` in the engine, so
//! this crate compiles its own copy of them, for speed, and inlines them into one loop; the
//! engine's own callers keep the copy built for size. In the app's module the per-pupil
//! functions were otherwise left out of line (they have other callers), and the calculation ran
//! 24 ms against 15 ms natively; now about 20 ms, for 5.3 KB gzipped more module. The figures
//! are the engine's own: this crate adds no logic (and `tests/browser/engine-speed.test.mjs`
//! checks that the app's module gives the native total on the benchmark county).
//!
//! Use [`calculate`] wherever the app works out figures; the CLI is native and built for
//! speed anyway (the `bench-cli` profile), so it calls the engine directly.

use sen_funding::engine::{Outcome, Scenario};

/// The whole model on a valid scenario: exactly `sen_funding::engine::calculate`.
pub fn calculate(s: &Scenario) -> Outcome {
    sen_funding::engine::calculate(s)
}
