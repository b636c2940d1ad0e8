//! The Kent SEN Element 3 funding calculator.
//!
//! * [`engine`] — the pure funding model of `docs/MODEL.md` (rules R1–R11): data in, data
//!   and explanations out; no I/O, no web-sys, no floats for money. Compiles natively and to
//!   wasm32.
//! * [`synth`] — made-up example data (the example school and county, the benchmark county).
//! * [`wire`] — the byte codec between the web app and its spreadsheet module, and the one CSV
//!   writer (formula-like text neutralised).
//!
//! The web app (Yew) is the `web/` package of the workspace; the spreadsheet module is `xlsx/`.

pub mod engine;
pub mod synth;
pub mod wire;
