//! Every parameter of the rate card (R9) for people: where it is in the card's JSON, what it
//! means, which rule uses it, and whether the council's papers set it or it is illustrative
//! (from docs/source-notes.md).

use sen_funding::engine::money::{fmt_fraction, parse_money_lenient};
use sen_funding::engine::ratecard::{Route, IDACI_BANDS};
use sen_funding::engine::RateCard;

/// How a parameter is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Pounds, at most two decimals.
    Money,
    /// Pounds, or empty for none (a band's rate outside the tariff route).
    OptionalMoney,
    /// 0 to 1, at most six decimals.
    Fraction,
    /// 0 to 1, or empty for none (null).
    NullableFraction,
    /// A multiplier ≥ 0.
    Multiplier,
    /// A whole number.
    Count,
    /// An ISO date.
    Date,
    /// A, B, C or D.
    Protection,
    /// none, community or tariff.
    Route,
    /// A list of settings.
    Settings,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The path in the card's JSON, as the engine names it in errors.
    pub path: String,
    /// Where its source is looked up (`bands.SA3` for `bands[5].rate`).
    pub source_key: String,
    pub label: String,
    pub meaning: String,
    pub kind: Kind,
    pub rule: &'static str,
    /// What the papers say about the value.
    pub note: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub params: Vec<Param>,
}

const ILLUSTRATIVE: &str = "Illustrative: not set by the council's papers.";

fn p(path: &str, label: &str, meaning: &str, kind: Kind, rule: &'static str, note: &'static str) -> Param {
    Param { path: path.to_string(), source_key: path.to_string(), label: label.to_string(), meaning: meaning.to_string(), kind, rule, note }
}

/// The parameters of `card`, section by section, in the order of R9.
pub fn catalogue(card: &RateCard) -> Vec<Section> {
    let mut bands = Vec::new();
    for (i, b) in card.bands.iter().enumerate() {
        let mut route = p(
            &format!("bands[{i}].route"),
            &format!("{} ({}): paid from", b.name, b.code),
            &format!("Which budget meets support at this band: the school's own budget (none), the Community of schools budget (community) or a fixed yearly tariff (tariff). {}", b.description),
            Kind::Route,
            "R1.3",
            "Routes from the papers (24/00120 §2.1); band codes and names are the calculator's.",
        );
        route.source_key = format!("bands.{}", b.code);
        bands.push(route);
        let mut rate = p(
            &format!("bands[{i}].rate"),
            &format!("{} ({}): tariff a year", b.name, b.code),
            "The yearly Element 3 top-up for a pupil on this band on the tariff route, before the setting factor. Needed for a band on the tariff route; leave empty for none.",
            if b.route == Route::Tariff { Kind::Money } else { Kind::OptionalMoney },
            "R3.1",
            "Illustrative: the council has not set the tariff rates (24/00120 §3.16, §11.3).",
        );
        rate.source_key = format!("bands.{}", b.code);
        bands.push(rate);
    }

    let settings = [("mainstream", "Mainstream school"), ("srp", "Specialist Resource Provision (SRP)"), ("special", "Special school")];
    let factors = settings
        .iter()
        .map(|(k, l)| {
            p(
                &format!("setting_factors.{k}"),
                l,
                "The tariff is multiplied by this in this setting: 1 pays the same in every setting (\"funding follows the child\").",
                Kind::Multiplier,
                "R3.1",
                "Consulted on (Q3); different rates by setting may still be considered (24/00120 §3.19).",
            )
        })
        .collect();
    let core = settings
        .iter()
        .map(|(k, l)| {
            p(
                &format!("core.{k}"),
                l,
                "What the setting meets itself before any top-up (notional SEN budget, core or place funding). Shown as context; it is not part of Element 3.",
                Kind::Money,
                "R1.1",
                "From the papers (24/00120 §1.2, §3.7).",
            )
        })
        .collect();

    let thresholds = vec![
        p("thresholds.ehcp_direct", "EHCP paid directly above", "Until the tariff starts, a mainstream pupil with an EHCP whose current top-up is above this keeps it, paid directly to the school; at or below it, support goes through the Community.", Kind::Money, "R4.5", "From the papers: £6,000 (24/00120 §3.20)."),
        p("thresholds.moderation", "Moderation above", "Community-route support for a pupil whose current top-up is above this is flagged for moderation across Communities.", Kind::Money, "R5.9", "From the papers: £6,000 (Consultation Analysis Q11)."),
    ];
    let dates = vec![
        p(
            "dates.community_start",
            "Community budgets begin",
            "The first day of the first academic year with Community budgets (must be 1 September). Existing claims were paid to the day before.",
            Kind::Date,
            "R1.5",
            "From the papers: September 2025 (24/00120 §3.20).",
        ),
        p(
            "dates.tariff_start",
            "Tariff begins",
            "The first day of the first academic year of the tariff in every setting (1 September, on or after the Community start).",
            Kind::Date,
            "R1.5",
            "From the papers: September 2026 (24/00120 §3.19, §3.20).",
        ),
    ];

    let mut community = vec![
        p(
            "community.weights.population",
            "Weight of population",
            "The share of each Community budget's formula that follows pupil numbers. Population and deprivation must add up to 1.",
            Kind::Fraction,
            "R5.3",
            "From the papers: 50% (24/00120 §3.20).",
        ),
        p(
            "community.weights.deprivation",
            "Weight of deprivation",
            "The share of the formula that follows deprivation (IDACI, looked-after children, low prior attainment).",
            Kind::Fraction,
            "R5.3",
            "From the papers: 50% (24/00120 §3.20).",
        ),
        p(
            "community.mix.idaci",
            "Deprivation: IDACI",
            "How much of the deprivation weight follows the IDACI indicator. IDACI, LAC and LPA must add up to 1.",
            Kind::Fraction,
            "R5.3",
            ILLUSTRATIVE,
        ),
        p(
            "community.mix.lac",
            "Deprivation: looked-after children",
            "How much of the deprivation weight follows the number of looked-after children.",
            Kind::Fraction,
            "R5.3",
            ILLUSTRATIVE,
        ),
        p(
            "community.mix.lpa",
            "Deprivation: low prior attainment",
            "How much of the deprivation weight follows the number of pupils with low prior attainment.",
            Kind::Fraction,
            "R5.3",
            ILLUSTRATIVE,
        ),
    ];
    for b in IDACI_BANDS {
        community.push(p(
            &format!("community.idaci_band_weights.{b}"),
            &format!("IDACI band {b} weight"),
            "Each pupil in this IDACI band counts this much towards the IDACI indicator (band A is the most deprived).",
            Kind::Fraction,
            "R5.2",
            "Illustrative: the papers name IDACI but give no band weights.",
        ));
    }
    community.push(p(
        "community.topslice_per_community",
        "Top-slice for each Community",
        "Taken off the pot for each Community before it is shared out, for its chair and administrator; added back to the Community's gross budget.",
        Kind::Money,
        "R5.1",
        "The top-slice is from the consultation (Q9); the amount is illustrative.",
    ));
    for (ay, _) in &card.community.historic_weight {
        community.push(p(
            &format!("community.historic_weight.{ay}"),
            &format!("Historic weight {ay}"),
            "How much of the Community budgets follows historic allocations in this academic year; the rest follows the formula. Later years take the last value listed.",
            Kind::Fraction,
            "R5.5",
            "75% in the first year and the formula in full in the third are from the papers (24/00120 §5.9); 50% in the second year is inferred.",
        ));
    }

    let protection = vec![
        p("protection.option", "Default option", "How existing claims are protected in the first Community year, unless a Community chooses otherwise: A no protection, B protect a share, C protect SEN Support above £6,000, D delay.", Kind::Protection, "R6", "From the papers: B is the preferred option (24/00120 §3.22)."),
        p("protection.rate", "Share protected (option B)", "The share of an existing claim paid directly in the first Community year under option B.", Kind::Fraction, "R6.2", "Illustrative within the council's range of about 50% to 75% (24/00120 §3.21)."),
        p("protection.delay_months", "Months of delay (option D)", "Under option D, existing claims continue in full for this many months of the first Community year (0 to 12).", Kind::Count, "R6.4", "Three months is from the papers (24/00120 §3.21 D); which months is an interpretation."),
    ];
    let mgl = vec![
        p(
            "mgl.max_loss",
            "Maximum loss a year",
            "The most an SRP's or special school's top-up can fall in a year from the tariff start, compounding. Empty for no floor.",
            Kind::NullableFraction,
            "R8.2",
            ILLUSTRATIVE,
        ),
        p(
            "mgl.max_gain",
            "Maximum gain a year",
            "The most it can rise in a year, compounding. Empty for no cap.",
            Kind::NullableFraction,
            "R8.2",
            ILLUSTRATIVE,
        ),
        p(
            "mgl.mfg_special",
            "Minimum funding guarantee (special)",
            "For special schools, a floor that rises by this each year. Empty for none.",
            Kind::NullableFraction,
            "R8.2",
            "Required for special schools by the DfE (24/00120 §5.7); the level is not in the papers.",
        ),
        p(
            "mgl.applies_to",
            "Applies to",
            "The settings whose top-up is limited by maximum gains and losses.",
            Kind::Settings,
            "R8",
            "SRPs and special schools (24/00120 §5.8).",
        ),
    ];

    vec![
        Section {
            id: "bands",
            title: "Bands and tariff rates",
            intro: "Each band of the Continuum of Need and Provision, the budget that meets it, and its yearly tariff.",
            params: bands,
        },
        Section {
            id: "setting-factors",
            title: "Setting factors",
            intro: "The tariff in each setting is the band's rate times the setting's factor.",
            params: factors,
        },
        Section { id: "core", title: "What each setting meets first", intro: "Context only: Element 3 is paid on top of these.", params: core },
        Section {
            id: "thresholds",
            title: "Thresholds",
            intro: "Amounts that decide how a mainstream pupil's existing top-up is treated.",
            params: thresholds,
        },
        Section { id: "dates", title: "Key dates", intro: "When Community budgets and the tariff begin.", params: dates },
        Section { id: "community", title: "Community budgets", intro: "How the county's pot is shared between the Communities of schools.", params: community },
        Section {
            id: "protection",
            title: "Protection of existing claims",
            intro: "The default for the first Community year; each Community may choose its own option.",
            params: protection,
        },
        Section {
            id: "mgl",
            title: "Maximum gains and losses",
            intro: "Limits on how fast an SRP's or special school's top-up changes once the tariff starts.",
            params: mgl,
        },
    ]
}

/// A field id for a parameter path: `param-community-weights-population`.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("param-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The literal a field shows for a JSON leaf: empty for none.
pub fn shown(kind: Kind, lit: Option<&String>) -> String {
    match lit.map(String::as_str) {
        None => String::new(),
        Some("null") if matches!(kind, Kind::NullableFraction | Kind::OptionalMoney) => String::new(),
        Some(s) => s.to_string(),
    }
}

/// What a field's text means as a literal of the card's JSON.
pub fn literal_of(kind: Kind, text: &str) -> String {
    let t = text.trim();
    match kind {
        Kind::NullableFraction if t.is_empty() => "null".to_string(),
        // Money as spreadsheets write it: £ and thousands commas are fine; the engine checks the rest.
        Kind::Money | Kind::OptionalMoney if !t.is_empty() => match parse_money_lenient(t) {
            Ok(d) => fmt_fraction(d),
            // The engine reports what is wrong with it, under its path.
            Err(_) => t.to_string(),
        },
        _ => t.to_string(),
    }
}
