//! Importing pupils: the school workspace's use of the one import pipeline
//! ([`crate::import`], shared with the Community list): the pupils' kind of record
//! ([`PupilKind`]: the engine's `register::import_pupils`, the very code
//! `sen-funding import pupils` runs, with the rate card in force and the school's first
//! setting), and what accepting the preview does to the workspace.

use std::rc::Rc;

use sen_funding::engine::grid::Book;
use sen_funding::engine::money::format_gbp;
use sen_funding::engine::ratecard::Setting;
use sen_funding::engine::register::{import_pupils, FieldSpec, Imported, Kind, Options};
use sen_funding::engine::scenario::Pupil;
use sen_funding::engine::RateCard;
use yew::prelude::*;

use super::common::{plural, Shared};
use super::first_names::looks_like_name;
use super::rows::{cells_of, parse_one, Cells, Field, Parsed};
use super::state::{Action, Notice, NoticeKind, WsState};
use crate::import::{Accepted, RecordKind, Request};

/// Pupils, read with the rate card in force (bands) and the school's first setting (for a file
/// with no setting column).
#[derive(Clone)]
pub struct PupilKind {
    pub card: Rc<RateCard>,
    pub setting: Setting,
}

impl PartialEq for PupilKind {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.card, &other.card) && self.setting == other.setting
    }
}

const PUPIL_SHOWN: [(&str, bool); 7] =
    [("Pupil id", false), ("Setting", false), ("Band", false), ("EHCP", false), ("Current E3 a year", true), ("Year group", false), ("On roll", false)];

impl RecordKind for PupilKind {
    type Record = Pupil;
    fn kind(&self) -> Kind {
        Kind::Pupils
    }
    fn import(&self, book: &Book, r: &Request) -> Imported<Pupil> {
        let opts = Options { card: Some(&self.card), default_setting: self.setting, choices: r.choices.clone(), sheet: r.sheet, headerless: r.headerless };
        import_pupils(book, &opts)
    }
    fn one(&self) -> &'static str {
        "pupil"
    }
    fn many(&self) -> &'static str {
        "pupils"
    }
    fn label(&self, key: &str) -> String {
        Field::from_key(key).map_or(key, |f| f.label()).to_string()
    }
    fn no_column(&self, f: &FieldSpec) -> &'static str {
        if f.key == "setting" {
            "Not in the file: every pupil takes the school's first setting"
        } else if f.required {
            "Choose a column"
        } else {
            "Not in the file"
        }
    }
    fn cells_of(&self, p: &Pupil) -> Vec<String> {
        cells_of(p).into()
    }
    fn shown_heads(&self) -> &'static [(&'static str, bool)] {
        &PUPIL_SHOWN
    }
    fn shown(&self, pp: &Pupil) -> Vec<String> {
        vec![
            pp.id.clone(),
            pp.setting.as_str().to_string(),
            pp.band.clone(),
            if pp.ehcp { "Yes" } else { "No" }.to_string(),
            format_gbp(pp.current_e3),
            pp.year_group.map(|y| y.as_string()).unwrap_or_else(|| "—".into()),
            on_roll(pp),
        ]
    }
    fn looks_like_name(&self, id: &str) -> bool {
        looks_like_name(id)
    }
    fn memory_scope(&self) -> &'static str {
        ""
    }
}

fn to_cells(v: &[String]) -> Cells {
    std::array::from_fn(|i| v.get(i).cloned().unwrap_or_default())
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub card: Shared<RateCard>,
    /// The workspace has the user's own pupils (not the example): offer to add or replace.
    pub has_rows: bool,
    pub example: bool,
    pub dispatch: UseReducerDispatcher<WsState>,
    /// The school's first setting: every pupil's, when a file has no setting column.
    #[prop_or(Setting::Mainstream)]
    pub default_setting: Setting,
}

#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let kind = PupilKind { card: props.card.0.clone(), setting: props.default_setting };
    let on_accept = {
        let dispatch = props.dispatch.clone();
        let card = props.card.0.clone();
        Callback::from(move |a: Accepted<Pupil>| {
            let p = &a.preview;
            let all = a.all;
            let rows: Vec<(Cells, Parsed)> = p
                .rows
                .iter()
                .filter(|r| all || r.accepted())
                .map(|r| {
                    let cells = to_cells(&r.cells);
                    match (&r.record, r.accepted()) {
                        (Some(pp), true) => (cells, Parsed::Pupil(pp.clone())),
                        _ => {
                            let parsed = parse_one(&cells, &card);
                            (cells, parsed)
                        }
                    }
                })
                .collect();
            let n = rows.len();
            let text = if all && p.rejected > 0 {
                format!(
                    "{} from {} added to the table; {} to fix.",
                    plural(n, "row", "rows"),
                    p.file,
                    plural(p.rejected, "row has problems", "rows have problems")
                )
            } else {
                format!("{} from {} added.", plural(n, "pupil", "pupils"), p.file)
            };
            let fresh = std::rc::Rc::new(super::year_groups::new_school_details());
            dispatch.dispatch(Action::Import { rows, replace: a.replace, notice: Notice { kind: NoticeKind::Success, text }, fresh });
            if !(all && p.rejected > 0) {
                dispatch.dispatch(Action::Focus("pupils-heading".into()));
            }
        })
    };
    let hint = html! {
        <>
            { "Your MIS report or your own workbook (CSV, .xlsx, .xls or .ods), with its own headings: the calculator finds the header row and the columns it knows, \
               and asks about any it cannot find. Columns of names, dates of birth, UPNs and addresses are never read. \
               You can also drop a file here, or copy a block of cells in your spreadsheet and paste it on this page. The file is read on this computer only." }
            if props.example { { " Importing replaces the example school." } }
        </>
    };
    html! {
        <crate::import::ImportPanel<PupilKind> kind={kind} prefix="import" file_id="import-file" label="Import pupils from a spreadsheet" {hint}
            accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xlsb,.xls,.ods,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            has_rows={props.has_rows} data_name="the workspace" paste_in_fields={true}
            json_refusal="This looks like a saved workspace (a scenario file), not a list of pupils: open it with “Open a saved workspace” under “Keep and share your work”."
            {on_accept} />
    }
}

fn on_roll(p: &sen_funding::engine::scenario::Pupil) -> String {
    let d = |d: sen_funding::engine::Date| format!("{:02}/{:02}/{}", d.d, d.m, d.y);
    match (p.start, p.end) {
        (None, None) => "All year".into(),
        (Some(s), None) => format!("From {}", d(s)),
        (None, Some(e)) => format!("Until {}", d(e)),
        (Some(s), Some(e)) => format!("{} to {}", d(s), d(e)),
    }
}
