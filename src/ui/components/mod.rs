//! The building blocks of every page.

mod footer;
mod header;
mod nav;
mod notice;
mod tables;

pub use footer::Footer;
pub use header::{Header, SkipLink};
pub use nav::JourneyNav;
pub use notice::RateCardNotice;
pub use tables::{BandsTable, CoreTable, TariffTable};
