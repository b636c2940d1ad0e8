//! Importing the Community list (R10.2): the Community journey's use of the one import
//! pipeline ([`crate::import`], shared with the pupils): the Communities' kind of record (the
//! engine's `register::import_communities`), what accepting the preview does to the data, and
//! a workbook's "Pots" sheet.

use std::cell::RefCell;
use std::rc::Rc;

use sen_funding::engine::grid::Book;
use sen_funding::engine::money::{fmt_fraction, format_gbp};
use sen_funding::engine::register::{import_communities, Imported, Kind, Options};
use sen_funding::engine::scenario::Community;
use sen_funding::engine::{Ay, RateCard};

use super::model::{self, field_label, CountyInput, Origin, Row, FIELDS};
use crate::import::{Accepted, RecordKind, Request};

/// The Communities (R10.2).
#[derive(Clone, PartialEq)]
pub struct CommunityKind;

const COMMUNITY_SHOWN: [(&str, bool); 8] = [
    ("Community id", false),
    ("Name", false),
    ("Pupils aged 5–16", true),
    ("IDACI bands A to F", false),
    ("Looked-after children", true),
    ("Low prior attainment", true),
    ("Historic allocation", true),
    ("Protection", false),
];

impl RecordKind for CommunityKind {
    type Record = Community;
    fn kind(&self) -> Kind {
        Kind::Communities
    }
    fn import(&self, book: &Book, r: &Request) -> Imported<Community> {
        let opts = Options { choices: r.choices.clone(), sheet: r.sheet, headerless: r.headerless, ..Options::default() };
        import_communities(book, &opts)
    }
    fn one(&self) -> &'static str {
        "Community"
    }
    fn many(&self) -> &'static str {
        "Communities"
    }
    fn label(&self, key: &str) -> String {
        if key == "id" {
            return "Community id".into();
        }
        let l = field_label(key);
        let mut cs = l.chars();
        cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
    }
    fn cells_of(&self, c: &Community) -> Vec<String> {
        let r = Row::from_community(c);
        FIELDS.iter().map(|f| r.get(f).to_string()).collect()
    }
    fn shown_heads(&self) -> &'static [(&'static str, bool)] {
        &COMMUNITY_SHOWN
    }
    fn shown(&self, c: &Community) -> Vec<String> {
        let ind = &c.indicators;
        let protection = match (c.protection, c.protection_rate) {
            (None, None) => "The rate card's".to_string(),
            (Some(p), None) => format!("Option {}", p.as_str()),
            (None, Some(r)) => format!("The rate card's, rate {}", fmt_fraction(r)),
            (Some(p), Some(r)) => format!("Option {}, rate {}", p.as_str(), fmt_fraction(r)),
        };
        vec![
            c.id.clone(),
            c.name.clone(),
            group(ind.pupils),
            ind.idaci.iter().map(|n| group(*n)).collect::<Vec<_>>().join(" / "),
            group(ind.lac),
            group(ind.lpa),
            format_gbp(c.historic),
            protection,
        ]
    }
    fn notices(&self, book: &Book) -> Vec<String> {
        match pots_sheet(book) {
            Some((name, pots)) if !pots.is_empty() => {
                vec![format!("The pots for {} come from the sheet “{name}”.", pots.iter().map(|(ay, _)| ay.to_string()).collect::<Vec<_>>().join(", "))]
            }
            _ => Vec::new(),
        }
    }
    fn memory_scope(&self) -> &'static str {
        "communities."
    }
}

fn group(n: u64) -> String {
    sen_funding::engine::money::group_thousands(&n.to_string())
}

/// A workbook's sheet "Pots" (as the app's own Excel export writes it): each year's pot.
pub fn pots_sheet(book: &Book) -> Option<(String, Vec<(Ay, String)>)> {
    let s = book.sheets.iter().find(|s| s.name.trim().eq_ignore_ascii_case("pots"))?;
    let pots = s
        .rows
        .iter()
        .skip(1)
        .filter_map(|r| {
            let (y, p) = (r.cells.first()?, r.cells.get(1)?);
            Some((Ay::parse(y.text().trim()).ok()?, p.text().trim().to_string()))
        })
        .collect();
    Some((s.name.clone(), pots))
}

/// The rows a preview accepted brings into the table: every Community read, and with `all`
/// those with problems too, as the file has them (to be fixed in the table).
pub fn rows_of(a: &Accepted<Community>) -> Vec<Row> {
    a.preview
        .rows
        .iter()
        .filter(|r| a.all || r.accepted())
        .map(|r| match (&r.record, r.accepted()) {
            (Some(c), true) => Row::from_community(c),
            _ => {
                let mut row = Row::default();
                for (f, v) in FIELDS.iter().zip(&r.cells) {
                    row.set(f, v.clone());
                }
                row
            }
        })
        .collect()
}

/// What the status line says after an import.
pub fn status_of(a: &Accepted<Community>, rows: usize, pots: bool) -> String {
    let p = &a.preview;
    let mut s = format!("Imported {} from {}: {}.", plural(rows, "Community", "Communities"), p.file, p.source);
    if a.all && p.rejected > 0 {
        let unit = if p.unit == "line" { ("line", "lines") } else { ("row", "rows") };
        s.push_str(&format!(
            " {} had problems (listed below): {} in the table for you to correct.",
            plural(p.rejected, unit.0, unit.1),
            if p.rejected == 1 { "it is" } else { "they are" }
        ));
    } else if p.rejected > 0 {
        s.push_str(&format!(" {} with problems left out.", plural(p.rejected, "row", "rows")));
    }
    if pots {
        s.push_str(" The pots came from the sheet “Pots”.");
    }
    s
}

/// The data after the import, made from the data as it is when the user accepts: the rows
/// replaced, the pots of a "Pots" sheet put in, and the old data's schools dropped (they
/// belong to its Communities).
pub fn apply(current: &CountyInput, card: &RateCard, file: &str, rows: Vec<Row>, pots: Option<&[(Ay, String)]>) -> CountyInput {
    let mut next = current.clone();
    next.origin = Origin::File(file.to_string());
    next.rows = rows;
    if let Some(pots) = pots {
        let mut all = current.pots_for(card);
        for (ay, v) in pots {
            if let Some(slot) = all.iter_mut().find(|(a, _)| a == ay) {
                slot.1 = v.clone();
            }
        }
        next.pots = all;
    }
    next.schools = Rc::new(model::SchoolSet { schools: RefCell::new(Vec::new()), pupils: 0, made_up: false });
    next
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::communities::state::{CommunitiesAction, CommunitiesState};
    use crate::import::pipeline::{check, Env};
    use sen_funding::engine::grid::{Cell, Row as GridRow, Sheet, Source};
    use yew::Reducible;

    struct NoMemory;
    impl Env for NoMemory {
        fn now(&self) -> f64 {
            0.0
        }
        fn recall(&self, _: &str) -> Option<String> {
            None
        }
        fn keep(&self, _: &str, _: &str) {}
    }

    fn card() -> RateCard {
        RateCard::from_json_str(include_str!("../../../www/ratecards/kent-illustrative-2025.json")).expect("the shipped card")
    }

    fn row(n: usize, cells: &[&str]) -> GridRow {
        GridRow { number: n, cells: cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_string()) }).collect() }
    }

    /// Two Communities (one with a fault) and a "Pots" sheet, as the app's own export writes.
    fn book() -> Book {
        let head = ["id", "name", "pupils", "idaci_a", "idaci_b", "idaci_c", "idaci_d", "idaci_e", "idaci_f", "lac", "lpa", "historic", "protection"];
        Book {
            source: Source::Xlsx,
            sheets: vec![
                Sheet {
                    name: "Communities".into(),
                    rows: vec![
                        row(1, &head),
                        row(2, &["C1", "One", "1000", "1", "2", "3", "4", "5", "6", "7", "8", "£1,000.50", "B"]),
                        row(3, &["C2", "Two", "many", "1", "2", "3", "4", "5", "6", "7", "8", "2000", ""]),
                    ],
                },
                Sheet { name: "Pots".into(), rows: vec![row(1, &["year", "pot"]), row(2, &["2025/26", "5000000"]), row(3, &["not a year", "1"])] },
            ],
        }
    }

    fn accepted(all: bool) -> (Accepted<Community>, Rc<Book>) {
        let b = Rc::new(book());
        let step = check(&CommunityKind, "county.xlsx", b.clone(), Request::default(), &NoMemory, 0.0);
        let preview = step.preview.expect("a preview");
        (Accepted { preview, book: b.clone(), all, replace: true }, b)
    }

    #[test]
    fn the_rows_accepted_or_all_of_them_as_the_file_has_them() {
        let (a, b) = accepted(false);
        assert_eq!((a.preview.accepted, a.preview.rejected), (1, 1));
        assert!(a.preview.notices.contains(&"The pots for 2025/26 come from the sheet “Pots”.".to_string()), "{:?}", a.preview.notices);
        let rows = rows_of(&a);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].id.as_str(), rows[0].historic.as_str(), rows[0].protection.as_str()), ("C1", "1000.5", "B"));
        assert_eq!(status_of(&a, 1, true), "Imported 1 Community from county.xlsx: Excel workbook (.xlsx), sheet “Communities”, header on row 1. 1 row with problems left out. The pots came from the sheet “Pots”.");
        let (all, _) = accepted(true);
        let rows = rows_of(&all);
        assert_eq!(rows.iter().map(|r| (r.id.as_str(), r.pupils.as_str())).collect::<Vec<_>>(), [("C1", "1000"), ("C2", "many")]);
        assert_eq!(status_of(&all, 2, false), "Imported 2 Communities from county.xlsx: Excel workbook (.xlsx), sheet “Communities”, header on row 1. 1 row had problems (listed below): it is in the table for you to correct.");
        assert_eq!(pots_sheet(&b).map(|(n, p)| (n, p.len())), Some(("Pots".to_string(), 1)));
    }

    #[test]
    fn accepting_works_on_the_data_as_it_is_then_and_can_be_undone() {
        let card = Rc::new(card());
        let mut s = Rc::new(CommunitiesState::default());
        s = s.reduce(CommunitiesAction::Init { input: CountyInput::example(&card), report: None });
        let before = s.input.clone().expect("the example");
        // Typed after the preview appeared, before it is accepted: the pot for 2026/27.
        let ay = Ay::parse("2026/27").expect("a year");
        s = s.reduce(CommunitiesAction::Edit(Rc::new(move |i: &mut CountyInput| {
            if let Some(p) = i.pots.iter_mut().find(|(y, _)| *y == ay) {
                p.1 = "123456".into();
            } else {
                i.pots.push((ay, "123456".into()));
            }
        })));
        let typed = s.input.clone().expect("typed");
        let (a, b) = accepted(false);
        let rows = rows_of(&a);
        let pots = pots_sheet(&b).map(|(_, p)| p);
        let c2 = card.clone();
        s = s.reduce(CommunitiesAction::ReplaceWith {
            make: Rc::new(move |cur: &CountyInput| apply(cur, &c2, "county.xlsx", rows.clone(), pots.as_deref())),
            report: Default::default(),
        });
        let now = s.input.clone().expect("imported");
        assert_eq!(now.rows.len(), 1);
        assert_eq!(now.origin, Origin::File("county.xlsx".into()));
        let pot = |i: &CountyInput, y: &str| i.pots_for(&card).into_iter().find(|(a, _)| a.to_string() == y).map(|(_, p)| p).unwrap_or_default();
        assert_eq!(pot(&now, "2026/27"), "123456", "the pot typed meanwhile is kept");
        assert_eq!(pot(&now, "2025/26"), "5000000", "the pot of the sheet “Pots”");
        assert_eq!(now.schools.pupils, 0, "the old Communities' schools are not the new ones'");
        assert!(s.report.can_undo);
        s = s.reduce(CommunitiesAction::Undo);
        let back = s.input.clone().expect("undone");
        assert_eq!(back.rows, typed.rows);
        assert_eq!(pot(&back, "2026/27"), "123456");
        assert_ne!(pot(&before, "2026/27"), "123456");
    }
}
