//! The building blocks of every page.

pub mod chart;
mod error_summary;
mod explain;
mod footer;
mod header;
mod later;
mod nav;
mod notice;
mod scroll_table;
mod storage_problem;
mod tables;

pub use chart::{BarChart, Series};
pub use error_summary::{ErrorSummary, Problem};
pub use explain::ExplainFigure;
pub use footer::Footer;
pub use header::{Header, SkipLink};
pub use later::Later;
pub use nav::JourneyNav;
pub use notice::{RateCardNotice, UpdateNotice};
pub use scroll_table::ScrollTable;
pub use storage_problem::StorageProblem;
pub use tables::{figures_head, BandsTable, CoreTable, TariffTable};
