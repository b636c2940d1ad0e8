//! The figures of a whole scenario as tables (R10.4), the shape the web app's exports have
//! (`web/src/school/export.rs`, `web/src/communities/model.rs`), and those tables as CSV text: what
//! `sen-funding calc --csv DIR` and `--xlsx FILE` write.
//!
//! One table per kind of figure, in long form (one row per school, pupil or Community and
//! year) so that a spreadsheet's filters and pivot tables work on them directly:
//!
//! | table | one row per | columns |
//! | --- | --- | --- |
//! | `schools-by-ay` | school × academic year | R10.4 school totals, R8 MGL, R5.8 indicative share, the change |
//! | `schools-by-fy` | school × financial year | R7.4 / R8.4 financial-year totals |
//! | `pupils-by-ay` | pupil × academic year | R4 route, R7.2 E3, R7.3 current system, R4.9/R5.9 flags; the year group of the AY (R11.4) when a school moves year groups up |
//! | `pupils-by-fy` | pupil × financial year | R7.4 E3 and current system |
//! | `communities-by-ay` | Community × year with a pot | R5 shares and budgets |
//! | `reconciliation` | year with a pot | R5 pot, top-slice and the check that they add up |
//!
//! Money is exact: pennies ([`Cell::Money`]), written as the result JSON writes it
//! (`6000.00`, R10.4). Shares are the result JSON's exact decimals ([`Cell::Decimal`]).
//! Text that a spreadsheet program could take for a formula is neutralised ([`neutralise`]).
//! No I/O here: the CSV is returned as bytes.

use super::calc::Outcome;
use super::community::share_json;
use super::money::fmt_pennies;
use super::moving_up::{self, MovingUp};
use super::scenario::Scenario;

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text (names, ids, routes): neutralised when written.
    Text(String),
    /// Money in pennies, written with exactly two decimals (R10.4).
    Money(i64),
    /// An exact decimal literal as the result JSON writes it (shares, R5.3–R5.5).
    Decimal(String),
    /// Nothing (e.g. no indicative Community share, R5.8).
    Empty,
}

impl Cell {
    /// The cell as CSV text: text neutralised, money with two decimals, decimals as they are.
    pub fn to_csv_text(&self) -> String {
        match self {
            Cell::Text(t) => neutralise(t),
            Cell::Money(p) => fmt_pennies(*p),
            Cell::Decimal(d) => d.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// One exported table: a file (`<name>.csv`) or a sheet (`title`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// File name without `.csv`, e.g. `schools-by-ay`.
    pub name: &'static str,
    /// Sheet name (at most 31 characters, as Excel requires), e.g. `Schools by AY`.
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The formula-injection guard, the one the app's exports use ([`crate::wire::neutralise`]).
pub use crate::wire::neutralise;

/// A table as CSV through the one CSV writer ([`crate::wire::to_csv`]): UTF-8 with a byte
/// order mark, CRLF line ends, quoted where needed, text neutralised.
pub fn to_csv(table: &Table) -> Vec<u8> {
    use crate::wire::Cell as W;
    let mut rows: Vec<Vec<W>> = Vec::with_capacity(table.rows.len() + 1);
    rows.push(table.header.iter().map(|h| W::Text(h.to_string())).collect());
    rows.extend(table.rows.iter().map(|row| {
        row.iter()
            .map(|c| match c {
                Cell::Text(t) => W::Text(t.clone()),
                Cell::Money(p) => W::Number(fmt_pennies(*p)),
                Cell::Decimal(d) => W::Number(d.clone()),
                Cell::Empty => W::Text(String::new()),
            })
            .collect()
    }));
    crate::wire::to_csv(&rows)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The shape of every table, in the order above: its file name, its sheet name and its
/// header, the one list of the exported columns.
pub const SHAPES: [(&str, &str, &[&str]); 6] = [
    ("schools-by-ay", "Schools by AY", &["year", "urn", "name", "community", "direct_e3", "mgl_adjustment", "community_indicative", "current", "change"]),
    ("schools-by-fy", "Schools by FY", &["year", "urn", "name", "community", "direct_e3", "mgl_adjustment", "current", "change"]),
    ("pupils-by-ay", "Pupils by AY", &["year", "urn", "id", "setting", "band", "route", "e3", "current", "change", "flags"]),
    ("pupils-by-fy", "Pupils by FY", &["year", "urn", "id", "e3", "current", "change"]),
    (
        "communities-by-ay",
        "Communities by AY",
        &["year", "id", "name", "formula_share", "historic_share", "blended_share", "topslice", "net", "gross", "committed", "discretionary", "over_committed"],
    ),
    ("reconciliation", "Reconciliation", &["year", "pot", "topslice_total", "sum_of_net", "sum_of_gross", "difference"]),
];

/// The header of `pupils-by-ay` when a school of the scenario moves its pupils' year groups up
/// (R11.1): the pupil's year group in the AY (R11.4) after its band. Without R11 the tables are
/// exactly [`SHAPES`].
pub const PUPILS_BY_AY_WITH_YEAR_GROUP: &[&str] = &["year", "urn", "id", "setting", "band", "year_group", "route", "e3", "current", "change", "flags"];

/// True when a school of the scenario gives `year_group_as_at` (R11.1).
pub fn moves_year_groups(s: &Scenario) -> bool {
    s.schools.iter().any(|school| school.year_group_as_at.is_some())
}

/// The shape of every table of this scenario: [`SHAPES`], with `year_group` in `pupils-by-ay`
/// when a school moves year groups up (R11.4).
pub fn shapes(s: &Scenario) -> [(&'static str, &'static str, &'static [&'static str]); 6] {
    let mut shapes = SHAPES;
    if moves_year_groups(s) {
        shapes[2].2 = PUPILS_BY_AY_WITH_YEAR_GROUP;
    }
    shapes
}

/// Every table of a scenario's figures, in the order above.
pub fn tables(s: &Scenario, out: &Outcome) -> Vec<Table> {
    let year_groups = moves_year_groups(s);
    let mut schools_ay = Vec::new();
    let mut schools_fy = Vec::new();
    let mut pupils_ay = Vec::new();
    let mut pupils_fy = Vec::new();
    for (school, so) in s.schools.iter().zip(&out.schools) {
        let community = || school.community.clone().map(Cell::Text).unwrap_or(Cell::Empty);
        for (y, t) in out.years.iter().zip(&so.years) {
            schools_ay.push(vec![
                text(y.to_string()),
                text(&school.urn),
                text(&school.name),
                community(),
                Cell::Money(t.direct),
                Cell::Money(t.mgl_adjustment),
                t.community_indicative.map(Cell::Money).unwrap_or(Cell::Empty),
                Cell::Money(t.current),
                Cell::Money(t.direct - t.current),
            ]);
        }
        for (f, t) in out.fys.iter().zip(&so.fys) {
            schools_fy.push(vec![
                text(f.to_string()),
                text(&school.urn),
                text(&school.name),
                community(),
                Cell::Money(t.direct),
                Cell::Money(t.mgl_adjustment),
                Cell::Money(t.current),
                Cell::Money(t.direct - t.current),
            ]);
        }
        let mu = MovingUp::of(school);
        for (p, po) in school.pupils.iter().zip(&so.pupils) {
            for (y, py) in out.years.iter().zip(&po.years) {
                let mut row = vec![text(y.to_string()), text(&school.urn), text(&p.id), text(p.setting.as_str()), text(&p.band)];
                if year_groups {
                    // R11.4: as the result JSON gives it; empty where it gives none or null.
                    row.push(moving_up::result_year_group(mu, p, *y).flatten().map_or(Cell::Empty, |yg| text(yg.as_string())));
                }
                row.extend([
                    text(py.route.as_str()),
                    Cell::Money(py.e3),
                    Cell::Money(py.current),
                    Cell::Money(py.e3 - py.current),
                    text(py.flags.names().join(" ")),
                ]);
                pupils_ay.push(row);
            }
            for (f, pf) in out.fys.iter().zip(&po.fys) {
                pupils_fy.push(vec![
                    text(f.to_string()),
                    text(&school.urn),
                    text(&p.id),
                    Cell::Money(pf.e3),
                    Cell::Money(pf.current),
                    Cell::Money(pf.e3 - pf.current),
                ]);
            }
        }
    }
    let mut communities = Vec::new();
    let mut reconciliation = Vec::new();
    for cy in &out.county {
        for (com, r) in s.communities.iter().zip(&cy.communities) {
            communities.push(vec![
                text(cy.ay.to_string()),
                text(&com.id),
                text(&com.name),
                Cell::Decimal(share_json(&r.formula_share)),
                Cell::Decimal(share_json(&r.historic_share)),
                Cell::Decimal(share_json(&r.blended_share)),
                Cell::Money(r.topslice),
                Cell::Money(r.net),
                Cell::Money(r.gross),
                Cell::Money(r.committed),
                Cell::Money(r.discretionary),
                text(if r.over_committed { "yes" } else { "no" }),
            ]);
        }
        let net: i64 = cy.communities.iter().map(|r| r.net).sum();
        let gross: i64 = cy.communities.iter().map(|r| r.gross).sum();
        reconciliation.push(vec![
            text(cy.ay.to_string()),
            Cell::Money(cy.pot),
            Cell::Money(cy.topslice_total),
            Cell::Money(net),
            Cell::Money(gross),
            Cell::Money(cy.pot - net - cy.topslice_total),
        ]);
    }
    let rows = [schools_ay, schools_fy, pupils_ay, pupils_fy, communities, reconciliation];
    shapes(s).iter().zip(rows).map(|(&(name, title, header), rows)| Table { name, title, header: header.to_vec(), rows }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text: an apostrophe is added exactly when the first character is one a
        /// spreadsheet could start a formula with, and nothing else changes; the CSV reads back
        /// (csv crate) to that neutralised text.
        #[test]
        fn any_text_is_neutralised_and_reads_back(t in "\\PC{0,12}|[=+\\-@\t\r].{0,8}") {
            let n = neutralise(&t);
            let risky = t.starts_with(['=', '+', '-', '@', '\t', '\r']);
            prop_assert_eq!(n.clone(), if risky { format!("'{t}") } else { t.clone() });
            let table = Table { name: "t", title: "T", header: vec!["text"], rows: vec![vec![Cell::Text(t.clone())]] };
            let bytes = to_csv(&table);
            let mut rd = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
            let rec = rd.records().next().and_then(Result::ok).map(|r| r.get(0).unwrap_or("").to_string());
            prop_assert_eq!(rec, Some(n));
        }
    }

    #[test]
    fn formula_like_text_gets_an_apostrophe_and_nothing_else_does() {
        for (t, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+44", "'+44"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("St Mary's", "St Mary's"),
            ("", ""),
            ("1=1", "1=1"),
        ] {
            assert_eq!(neutralise(t), want, "{t:?}");
        }
    }

    #[test]
    fn csv_has_a_bom_crlf_quotes_and_neutralised_text_but_plain_negative_money() {
        let t = Table {
            name: "t",
            title: "T",
            header: vec!["a", "b", "c"],
            rows: vec![
                vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Money(-123_456), Cell::Text("a, b".into())],
                vec![Cell::Empty, Cell::Money(5), Cell::Decimal("0.5".into())],
            ],
        };
        let bytes = to_csv(&t);
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(String::from_utf8_lossy(&bytes[3..]), "a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",-1234.56,\"a, b\"\r\n,0.05,0.5\r\n");
    }
}
