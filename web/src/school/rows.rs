//! The rows of the pupils table: its columns in the order of the pupil CSV (R10.1), a row's
//! cells kept as typed (so nothing is lost, even in a faulty cell), and the engine's reading of
//! them.
//!
//! A row is read by the engine's own row reader (`register::pupil_from_cells`, R10.1, R10.1a),
//! so a cell typed in the table accepts exactly what an imported file accepts (`£1,200`,
//! `01/09/2025`, `yes`, `Y7`, `E`) and is refused with the same message. The one check made
//! here rather than by the engine is that pupil ids are unique across rows (R2.1,
//! [`duplicates`]), because rows are read one at a time as they are edited.

use std::collections::HashMap;

use sen_funding::engine::grid::Cell;
use sen_funding::engine::money::fmt_money;
use sen_funding::engine::ratecard::RateCard;
use sen_funding::engine::register::{pupil_from_cells, Options};
use sen_funding::engine::scenario::Pupil;

/// A column of the pupils table, in the order of R10.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Setting,
    Band,
    Ehcp,
    CurrentE3,
    YearGroup,
    Start,
    End,
}

impl Field {
    pub const ALL: [Field; 8] = [Field::Id, Field::Setting, Field::Band, Field::Ehcp, Field::CurrentE3, Field::YearGroup, Field::Start, Field::End];

    /// The CSV column (R10.1).
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Setting => "setting",
            Field::Band => "band",
            Field::Ehcp => "ehcp",
            Field::CurrentE3 => "current_e3",
            Field::YearGroup => "year_group",
            Field::Start => "start",
            Field::End => "end",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "Pupil id",
            Field::Setting => "Setting",
            Field::Band => "Band",
            Field::Ehcp => "EHCP",
            Field::CurrentE3 => "Current E3 a year",
            Field::YearGroup => "Year group",
            Field::Start => "Start date",
            Field::End => "End date",
        }
    }

    pub fn from_key(k: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == k)
    }

    pub fn ix(self) -> usize {
        self as usize
    }
}

/// One row's cells as typed, in the order of [`Field::ALL`].
pub type Cells = [String; 8];

/// The engine's reading of one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// Every cell empty: not a pupil, nothing to report.
    Blank,
    Pupil(Pupil),
    /// What is wrong, field by field (the engine's messages).
    Faults(Vec<(Field, String)>),
}

impl Parsed {
    pub fn pupil(&self) -> Option<&Pupil> {
        match self {
            Parsed::Pupil(p) => Some(p),
            _ => None,
        }
    }
    pub fn faults(&self) -> &[(Field, String)] {
        match self {
            Parsed::Faults(f) => f,
            _ => &[],
        }
    }
}

/// A row of the pupils table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Stable across edits, for keyed rendering and element ids.
    pub key: u32,
    pub cells: Cells,
    pub parsed: Parsed,
}

impl Row {
    pub fn id(&self) -> &str {
        self.cells[0].trim()
    }
}

/// The cells of a pupil, as the table shows them.
pub fn cells_of(p: &Pupil) -> Cells {
    [
        p.id.clone(),
        p.setting.as_str().to_string(),
        p.band.clone(),
        if p.ehcp { "yes" } else { "no" }.to_string(),
        fmt_money(p.current_e3),
        p.year_group.map(|y| y.as_string()).unwrap_or_default(),
        p.start.map(|d| d.to_string()).unwrap_or_default(),
        p.end.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

// --- reading rows with the engine -------------------------------------------------------------

/// Reads one row of cells with the engine's own row reader (`register::pupil_from_cells`, R10.1,
/// R10.1a): the very code that reads a row of an imported file, with no CSV text in between.
pub fn parse_one(cells: &Cells, card: &RateCard) -> Parsed {
    let grid: Vec<Cell> = cells.iter().map(|c| if c.trim().is_empty() { Cell::Empty } else { Cell::Text(c.trim().to_string()) }).collect();
    let opts = Options { card: Some(card), ..Options::default() };
    match pupil_from_cells(&grid, &opts) {
        Ok(None) => Parsed::Blank,
        Ok(Some(p)) => Parsed::Pupil(p),
        Err(faults) => Parsed::Faults(faults.into_iter().map(|(k, m)| (Field::from_key(k).unwrap_or(Field::Id), m)).collect()),
    }
}

/// Reads any number of rows (ids repeated across rows are reported by [`duplicates`]).
pub fn parse_many(rows: &[&Cells], card: &RateCard) -> Vec<Parsed> {
    rows.iter().map(|c| parse_one(c, card)).collect()
}

/// R2.1: ids unique within a school. For each row after the first with the same id, the
/// message; `number` gives the row's number as the user sees it (table row or file line).
pub fn duplicates<'a>(ids: impl Iterator<Item = (usize, &'a str)>, number: impl Fn(usize) -> usize, noun: &str) -> HashMap<usize, String> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (i, id) in ids {
        if id.is_empty() {
            continue;
        }
        match first.get(id) {
            Some(&f) => {
                out.insert(i, format!("\"{id}\" is already used on {noun} {}: pupil ids must be unique within a school", number(f)));
            }
            None => {
                first.insert(id, i);
            }
        }
    }
    out
}
