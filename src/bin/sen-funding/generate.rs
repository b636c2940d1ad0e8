//! `sen-funding generate`: a made-up county scenario (R10.3) for benchmarks and demonstrations.

use crate::common::{input_errors, shipped_card, CountySizeArgs, SHIPPED_CARD_PATH};
use std::process::ExitCode;

/// Print a made-up county scenario (for benchmarks and demonstrations), Kent-sized by default.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  sen-funding generate --communities 3 --schools 20 --pupils 400 --seed 7 > county.json\n  sen-funding calc county.json --compact"
)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub size: CountySizeArgs,
}

pub fn run(args: &GenerateArgs) -> ExitCode {
    let card = match shipped_card() {
        Ok(c) => c,
        Err(e) => return input_errors(e),
    };
    let s = sen_funding::synth::county(&card, args.size.size(), args.size.seed);
    let mut v = s.to_json();
    if let Some(m) = v.as_object_mut() {
        m.remove("rate_card");
        m.insert("rate_card_path".into(), serde_json::json!(SHIPPED_CARD_PATH));
    }
    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    ExitCode::SUCCESS
}
