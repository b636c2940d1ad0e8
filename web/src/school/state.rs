//! The workspace's state and the actions that change it (a Yew reducer). Every action that
//! changes what the user entered bumps `rev`, which drives the recalculation and the autosave.

use std::rc::Rc;

use sen_funding::engine::periods::{default_years, Ay};
use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::details_form::{details_of, others_of, DetailField, Details, Others, SchoolKind};
use super::rows::{cells_of, parse_many, parse_one, Cells, Parsed, Row};

/// Where the workspace came from when the page opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Nothing yet: waiting for the rate card.
    Waiting,
    /// The example school of a first visit.
    FirstVisit,
    /// Restored from this browser's storage.
    Restored { saved_at: String },
    /// The user's actions since.
    Edited,
}

/// A message about the last thing done, shown at the top of the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Info,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WsState {
    /// The rate card in force (rows are read against it).
    pub card: Option<Rc<RateCard>>,
    pub origin: Origin,
    /// The example school, labelled as such.
    pub example: bool,
    pub details: Rc<Details>,
    pub rows: Rc<Vec<Rc<Row>>>,
    pub years: Rc<Vec<Ay>>,
    pub others: Rc<Others>,
    pub next_key: u32,
    /// Changes of anything the user entered.
    pub rev: u64,
    /// Changes of the details (the school, its Community, pots, years, others).
    pub details_rev: u64,
    /// The last row deleted and where it was, for "Undo".
    pub undo: Option<(usize, Rc<Row>)>,
    /// An element to focus after the next render (a new row's first cell …).
    pub focus: Option<String>,
    pub notice: Option<Notice>,
    /// Counts imports and openings: the error summary takes focus when this changes.
    pub checkpoint: u32,
}

impl Default for WsState {
    fn default() -> Self {
        WsState {
            card: None,
            origin: Origin::Waiting,
            example: false,
            details: Rc::new(Details::default()),
            rows: Rc::new(Vec::new()),
            years: Rc::new(default_years()),
            others: Rc::new(Others::default()),
            next_key: 1,
            rev: 0,
            details_rev: 0,
            undo: None,
            focus: None,
            notice: None,
            checkpoint: 0,
        }
    }
}

/// What a loaded workspace holds (from storage, a file or the example).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub example: bool,
    pub details: Details,
    pub rows: Vec<Cells>,
    /// The engine's readings of `rows`, when already made (an import).
    pub parsed: Option<Vec<Parsed>>,
    pub years: Vec<Ay>,
    pub others: Others,
}

impl Loaded {
    /// The example school (made up; every route), from the engine's example scenario.
    pub fn example(card: &RateCard) -> Loaded {
        let s = sen_funding::synth::example_school(card);
        Loaded {
            example: true,
            details: details_of(&s, 0),
            rows: s.schools[0].pupils.iter().map(cells_of).collect(),
            parsed: Some(s.schools[0].pupils.iter().cloned().map(Parsed::Pupil).collect()),
            years: s.years.clone(),
            others: others_of(&s, 0),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Action {
    /// The rate card in force arrived or changed. `initial` is what to show when the workspace
    /// is still waiting (restored work, or the example).
    Card {
        card: Rc<RateCard>,
        initial: Option<Box<(Loaded, Origin)>>,
    },
    /// Replace everything (the example, an opened file, "start with my own school").
    Load {
        loaded: Box<Loaded>,
        notice: Option<Notice>,
        checkpoint: bool,
        origin: Origin,
    },
    Detail(DetailField, String),
    Cell {
        key: u32,
        field: usize,
        value: String,
    },
    AddRow,
    DeleteRow(u32),
    DuplicateRow(u32),
    Undo,
    /// Rows from an import, read already; `replace` or add to the end. `fresh`: the details
    /// of a new school, should the import replace the example (R11.1: today's AY).
    Import {
        rows: Vec<(Cells, Parsed)>,
        replace: bool,
        notice: Notice,
        fresh: Rc<Details>,
    },
    /// Forget the other Communities and schools of an opened file.
    DropOthers,
    /// Show and focus an element (a cell on another page of the table …).
    Focus(String),
    Focused,
    Notice(Option<Notice>),
}

fn new_row(key: u32, cells: Cells, card: Option<&RateCard>) -> Rc<Row> {
    let parsed = match card {
        Some(c) => parse_one(&cells, c),
        None => Parsed::Blank,
    };
    Rc::new(Row { key, cells, parsed })
}

/// The next pseudonymous id not yet used: `P001`, `P002` …
fn next_free_id(rows: &[Rc<Row>]) -> String {
    let used: std::collections::HashSet<&str> = rows.iter().map(|r| r.id()).collect();
    (1..).map(|n| format!("P{n:03}")).find(|id| !used.contains(id.as_str())).unwrap_or_default()
}

impl WsState {
    fn bump(mut self) -> Self {
        self.rev += 1;
        self.origin = Origin::Edited;
        self
    }

    fn load(mut self, l: Loaded) -> Self {
        let card = self.card.clone();
        let parsed = match (l.parsed, &card) {
            (Some(p), _) if p.len() == l.rows.len() => p,
            (_, Some(c)) => parse_many(&l.rows.iter().collect::<Vec<_>>(), c),
            _ => vec![Parsed::Blank; l.rows.len()],
        };
        let mut key = self.next_key;
        let rows: Vec<Rc<Row>> = l
            .rows
            .into_iter()
            .zip(parsed)
            .map(|(cells, parsed)| {
                key += 1;
                Rc::new(Row { key, cells, parsed })
            })
            .collect();
        self.next_key = key + 1;
        self.example = l.example;
        self.details = Rc::new(l.details);
        self.rows = Rc::new(rows);
        self.years = Rc::new(l.years);
        self.others = Rc::new(l.others);
        self.details_rev += 1;
        self.undo = None;
        self
    }

    fn kind_setting(&self) -> &'static str {
        self.details.kind.settings().first().map(|s| s.as_str()).unwrap_or("mainstream")
    }
}

impl Reducible for WsState {
    type Action = Action;

    /// Through the route's split point (`crate::split::school`).
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        crate::split::school::reduce(self, action)
    }
}

impl WsState {
    /// The reducer.
    pub(crate) fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Card { card, initial } => {
                let changed = s.card.as_ref().is_none_or(|c| **c != *card);
                s.card = Some(card.clone());
                if s.origin == Origin::Waiting {
                    let (loaded, origin) = *initial.unwrap_or_else(|| Box::new((Loaded::example(&card), Origin::FirstVisit)));
                    s = s.load(loaded);
                    s.origin = origin;
                    s.rev += 1;
                    return Rc::new(s);
                }
                if !changed {
                    return self;
                }
                // Band codes and their routes come from the card: read every row again.
                let parsed = parse_many(&s.rows.iter().map(|r| &r.cells).collect::<Vec<_>>(), &card);
                s.rows = Rc::new(s.rows.iter().zip(parsed).map(|(r, p)| Rc::new(Row { key: r.key, cells: r.cells.clone(), parsed: p })).collect());
                s.details_rev += 1;
                s.rev += 1;
            }
            Action::Load { loaded, notice, checkpoint, origin } => {
                s = s.load(*loaded);
                s.rev += 1;
                s.origin = origin;
                s.notice = notice;
                if checkpoint {
                    s.checkpoint += 1;
                }
            }
            Action::Detail(field, value) => {
                let mut d = (*s.details).clone();
                d.set(&field, value);
                if d == *s.details {
                    return self;
                }
                s.details = Rc::new(d);
                s.details_rev += 1;
                s = s.bump();
            }
            Action::Cell { key, field, value } => {
                let Some(i) = s.rows.iter().position(|r| r.key == key) else { return self };
                if s.rows[i].cells[field] == value {
                    return self;
                }
                let mut cells = s.rows[i].cells.clone();
                cells[field] = value;
                let row = new_row(key, cells, s.card.as_deref());
                Rc::make_mut(&mut s.rows)[i] = row;
                s = s.bump();
            }
            Action::AddRow => {
                let key = s.next_key;
                s.next_key += 1;
                let cells: Cells =
                    [next_free_id(&s.rows), s.kind_setting().to_string(), String::new(), "no".into(), "0".into(), String::new(), String::new(), String::new()];
                let row = new_row(key, cells, s.card.as_deref());
                Rc::make_mut(&mut s.rows).push(row);
                s.focus = Some(format!("pupil-{key}-band"));
                s = s.bump();
            }
            Action::DeleteRow(key) => {
                let Some(i) = s.rows.iter().position(|r| r.key == key) else { return self };
                let row = Rc::make_mut(&mut s.rows).remove(i);
                s.notice =
                    Some(Notice { kind: NoticeKind::Info, text: format!("Row {} ({}) deleted.", i + 1, if row.id().is_empty() { "no id" } else { row.id() }) });
                s.undo = Some((i, row));
                // Focus stays in the table: the row that took its place, or the one before.
                let next = s.rows.get(i).or_else(|| i.checked_sub(1).and_then(|j| s.rows.get(j))).map(|r| r.key);
                s.focus = Some(match next {
                    Some(k) => format!("pupil-{k}-delete"),
                    None => "add-pupil".to_string(),
                });
                s = s.bump();
            }
            Action::DuplicateRow(key) => {
                let Some(i) = s.rows.iter().position(|r| r.key == key) else { return self };
                let mut cells = s.rows[i].cells.clone();
                cells[0] = next_free_id(&s.rows);
                let k = s.next_key;
                s.next_key += 1;
                let row = new_row(k, cells, s.card.as_deref());
                Rc::make_mut(&mut s.rows).insert(i + 1, row);
                s.focus = Some(format!("pupil-{k}-id"));
                s = s.bump();
            }
            Action::Undo => {
                let Some((i, row)) = s.undo.take() else { return self };
                let i = i.min(s.rows.len());
                let key = row.key;
                let row = match s.card.as_deref() {
                    Some(c) => Rc::new(Row { key, cells: row.cells.clone(), parsed: parse_one(&row.cells, c) }),
                    None => row,
                };
                Rc::make_mut(&mut s.rows).insert(i, row);
                s.notice = Some(Notice { kind: NoticeKind::Success, text: format!("Row {} restored.", i + 1) });
                s.focus = Some(format!("pupil-{key}-id"));
                s = s.bump();
            }
            Action::Import { rows, replace, notice, fresh } => {
                let mut key = s.next_key;
                let new: Vec<Rc<Row>> = rows
                    .into_iter()
                    .map(|(cells, parsed)| {
                        key += 1;
                        Rc::new(Row { key, cells, parsed })
                    })
                    .collect();
                s.next_key = key + 1;
                if s.example {
                    // The user's own pupils replace the example school, details and all.
                    s.example = false;
                    s.details = fresh;
                    s.others = Rc::new(Others::default());
                    s.details_rev += 1;
                }
                if replace || s.rows.is_empty() {
                    s.rows = Rc::new(new);
                } else {
                    Rc::make_mut(&mut s.rows).extend(new);
                }
                if s.details.kind == SchoolKind::default() {
                    let settings: Vec<_> = s.rows.iter().filter_map(|r| r.parsed.pupil().map(|p| p.setting)).collect();
                    let kind = SchoolKind::of_pupils(settings.iter());
                    if kind != s.details.kind {
                        let mut d = (*s.details).clone();
                        d.kind = kind;
                        s.details = Rc::new(d);
                    }
                }
                s.undo = None;
                s.notice = Some(notice);
                s.checkpoint += 1;
                s = s.bump();
            }
            Action::DropOthers => {
                s.others = Rc::new(Others::default());
                s.details_rev += 1;
                s = s.bump();
            }
            Action::Focus(id) => {
                s.focus = Some(id);
            }
            Action::Focused => {
                if s.focus.is_none() {
                    return self;
                }
                s.focus = None;
            }
            Action::Notice(n) => {
                if s.notice == n {
                    return self;
                }
                s.notice = n;
            }
        }
        Rc::new(s)
    }
}
