//! The pure funding engine: the whole of `FUNDING-MODEL.md` (R1–R10). Data in, data and
//! explanations out; no I/O, no web-sys, no floats for money.
//!
//! | module | rules |
//! | --- | --- |
//! | [`ratecard`] | R1.2, R1.3, R1.5, R3.1, R9 |
//! | [`periods`] | R1.4, R7.1, R7.4 |
//! | [`money`], [`exact`] | numbers and rounding (R9, "half-up to the penny") |
//! | [`json`], [`errors`] | reading JSON with every fault under its path (R9, R10.5) |

pub mod errors;
pub mod exact;
pub mod json;
pub mod money;
pub mod periods;
pub mod ratecard;

pub use errors::{Errors, InputError};
pub use periods::{Ay, Date, Fy};
pub use ratecard::{RateCard, Setting};
