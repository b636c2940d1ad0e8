//! What several commands share: reading a scenario file (R10.3) with its rate card, the
//! shipped illustrative rate card (R9), and printing input errors (R10.5).

use sen_funding::engine::{Errors, InputError, RateCard, Scenario};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const SHIPPED_CARD: &str = include_str!("../../../www/ratecards/kent-illustrative-2025.json");
pub const SHIPPED_CARD_PATH: &str = "www/ratecards/kent-illustrative-2025.json";

/// Every input error on stderr, one a line, and exit code 2; nothing goes to stdout.
pub fn input_errors(errs: Errors) -> ExitCode {
    for e in errs {
        eprintln!("{e}");
    }
    ExitCode::from(2)
}

pub fn one_error(path: &str, message: impl Into<String>) -> Errors {
    vec![InputError::new(path, message.into())]
}

pub fn read_text(path: &Path, what: &str) -> Result<String, Errors> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| one_error("", format!("cannot read the {what} \"{shown}\": {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        one_error("", format!("the {what} \"{shown}\" is not UTF-8 text (invalid byte at offset {}): expected JSON", e.utf8_error().valid_up_to()))
    })
}

/// Reads and validates a scenario file; `rate_card_path` is read relative to the scenario's
/// folder, then to the working directory.
pub fn load_scenario(path: &Path) -> Result<Scenario, Errors> {
    let text = read_text(path, "scenario")?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut resolve = |p: &str| -> Result<String, String> {
        let candidates: Vec<PathBuf> = if Path::new(p).is_absolute() { vec![PathBuf::from(p)] } else { vec![dir.join(p), PathBuf::from(p)] };
        for c in &candidates {
            if let Ok(bytes) = std::fs::read(c) {
                return String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string());
            }
        }
        Err(format!("no such file (looked in {})", candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(" and ")))
    };
    Scenario::from_json_str(&text, &mut resolve)
}

pub fn shipped_card() -> Result<RateCard, Errors> {
    RateCard::from_json_str(SHIPPED_CARD).map_err(|e| e.into_iter().map(|e| e.within("shipped rate card")).collect())
}

/// The size of a generated county (`generate`, `bench`); Kent's by default.
#[derive(clap::Args, Debug, Clone)]
pub struct CountySizeArgs {
    /// Number of Communities.
    #[arg(long, value_name = "N", default_value_t = sen_funding::synth::KENT.communities)]
    pub communities: usize,
    /// Number of schools (at least 1).
    #[arg(long, value_name = "N", default_value_t = sen_funding::synth::KENT.schools)]
    pub schools: usize,
    /// Number of pupils with a band.
    #[arg(long, value_name = "N", default_value_t = sen_funding::synth::KENT.pupils)]
    pub pupils: usize,
    /// Seed of the pseudo-random generator (the same seed gives the same county).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
}

impl CountySizeArgs {
    pub fn size(&self) -> sen_funding::synth::CountySize {
        sen_funding::synth::CountySize { communities: self.communities, schools: self.schools.max(1), pupils: self.pupils }
    }
}
