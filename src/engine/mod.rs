//! The pure funding engine: the whole of the rulebook `docs/MODEL.md` (R1–R11). Data in, data and
//! explanations out; no I/O, no web-sys, no floats for money. It compiles natively (the
//! `sen-funding` tool) and to wasm32 (the web app), and both use exactly this code.
//!
//! | module | rules |
//! | --- | --- |
//! | [`ratecard`] | R1.2 settings, R1.3 band routes, R1.5 key dates, R3.1 tariff, R9 the rate card |
//! | [`params`] | R9: every parameter of the rate card declared once; the card's reader, writer, page rows and links follow from it |
//! | [`scenario`] | R2 inputs, R10.3 scenario JSON |
//! | [`context`] | the card and pupils as R3, R4 and R6 need them (shared by routes and protection) |
//! | [`routes`] | R4 routes, R3.1 in use, R4.9/R5.9 moderation flags, R7.2–R7.3 amounts |
//! | [`protection`] | R6 transition protection A–D |
//! | [`periods`] | R1.4 academic and financial years, R7.1 months on roll, R7.4 |
//! | [`moving_up`] | R11 looking ahead: year groups moved up each AY (R11.2), leavers off roll (R11.3) |
//! | [`community`] | R5 Community budgets, R5.8 a school's indicative share |
//! | [`mgl`] | R8 maximum gains and losses |
//! | [`calc`] | the whole calculation; R10.4 school totals; the options A–D side by side |
//! | [`follow`] | "how funding follows the child": one band in every setting, year by year |
//! | [`result`] | R10.4 result JSON |
//! | [`explain`], [`explanations`] | the derivation of every figure, citing rules and sources |
//! | [`csv_import`] | R10.1 pupil CSV, R10.2 Community CSV (text decoding) |
//! | [`csv_out`] | the figures (R10.4) as the exports' tables and CSV, formula-like text neutralised |
//! | [`compare`] | R10.6 what-if against a baseline |
//! | [`whatif`] | winners and losers, options A–D county-wide, a range for one parameter at five values |
//! | [`ratecard_index`] | R10.7 published rate cards (`ratecards/index.json`) |
//! | [`register`], [`grid`], [`workbook`] | R10.1a a school's own register: cells from CSV and workbooks, header search, mapping, names never read |
//! | [`money`], [`exact`] | numbers and rounding (R9 "Numbers everywhere", half-up to the penny) |
//! | [`json`], [`errors`] | reading JSON with every fault under its path (R9, R10.5) |

pub mod calc;
pub mod community;
pub mod compare;
pub mod context;
pub mod csv_import;
pub mod csv_out;
pub mod errors;
pub mod exact;
pub mod explain;
pub mod explanations;
pub mod follow;
pub mod grid;
pub mod json;
pub mod mgl;
pub mod money;
pub mod moving_up;
pub mod params;
pub mod periods;
pub mod protection;
pub mod ratecard;
pub mod ratecard_index;
pub mod register;
pub mod result;
pub mod routes;
pub mod scenario;
pub mod whatif;
pub mod workbook;

pub use calc::{calculate, Outcome};
pub use errors::{Errors, InputError};
pub use explain::{Explanation, Step};
pub use periods::{Ay, Date, Fy};
pub use ratecard::{RateCard, Setting};
pub use scenario::Scenario;

/// Reads a scenario, runs the model and returns the result JSON (R10.4), or every input error
/// (R10.5): nothing is computed from an input with errors.
pub fn calc_json(text: &str, resolve: scenario::ResolveRateCard) -> Result<serde_json::Value, Errors> {
    let s = Scenario::from_json_str(text, resolve)?;
    let out = calculate(&s);
    Ok(result::to_json(&s, &out))
}
