//! The school workspace: a school's details and pupils, entered or imported, and its
//! Element 3 year by year under the current system and the new model, every figure computed by
//! the engine and explained.
//!
//! | module | what |
//! | --- | --- |
//! | [`rows`] | the pupils table's rows as typed, read by the engine's row reader (R10.1, R10.1a); ids unique (R2.1) |
//! | [`first_names`] | ids that look like a person's name: a warning (R2.1) |
//! | [`details_form`] | the school's details as typed, each field's id and label; the form from a scenario |
//! | [`details_check`] | the details read by the engine's typed entry point (R2.2–R2.4, R5.8, R10.5), each fault mapped to its field |
//! | [`saved`] | the saved form kept in the browser; a scenario file (R10.3) the engine refuses, read loosely to be fixed |
//! | [`state`] | the reducer: every change the user makes |
//! | [`workspace`] | the page: derived figures (recomputed on every edit), autosave, sections |
//! | [`details`] | "Your school": settings, Community, protection option, indicators, budgets |
//! | [`editor`] | the pupils table |
//! | [`import`] | the pupils' kind of record for the one import pipeline ([`crate::import`]), and what accepting its preview does |
//! | [`results`], [`chart`] | totals, options A–D, the Community's budget, each pupil's figures, the transition chart |
//! | [`announce`] | the one live region: each edit announced once, as a summary of the change |
//! | [`baseline`] | the school against a pinned baseline card (R10.6): totals, chart, every pupil |
//! | [`export`] | save and open the scenario file, CSV and Excel export, print, delete |
//! | [`year_groups`] | R11 with the details: the year the year groups are recorded in, the school's last year group |
//! | [`movers`] | R11 in the results: pupils on roll, joining and leaving in each year, and their Element 3 |

mod announce;
mod baseline;
mod chart;
pub(crate) mod common;
mod details;
mod details_check;
mod details_form;
mod editor;
mod export;
mod first_names;
mod import;
mod movers;
mod results;
mod rows;
mod saved;
mod state;
mod workspace;
mod year_groups;

pub use saved::STORAGE_KEY;
pub(crate) use state::Action as WsAction;
pub use state::WsState;
pub use workspace::{SchoolHandle, Workspace};
