//! The Community budgets journey's state and the actions that change it (a Yew reducer, held
//! by the root component above the page switch, so it is kept while another journey is shown).
//!
//! Every change of the data goes through [`CommunitiesAction`] and is applied to the state as
//! it is when the action arrives, so an import that finishes after the user typed something
//! never works from a stale copy: the data before it is kept for "Undo".

use std::rc::Rc;

use yew::prelude::*;

use sen_funding::engine::RateCard;

use super::model::{next_rev, CountyInput};
use super::results::View;

/// What the last import (or example, or undo) did.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImportReport {
    pub status: String,
    pub errors: Vec<String>,
    /// A scenario file's own rate card, when it differs from the one in force.
    pub file_card: Option<Rc<RateCard>>,
    pub can_undo: bool,
}

#[derive(Clone, Default, PartialEq)]
pub struct CommunitiesState {
    /// The data: `None` until the journey is first opened (then the saved data or the example).
    pub input: Option<CountyInput>,
    /// The data before the last replacement (import, example, empty table), for "Undo".
    pub previous: Option<CountyInput>,
    /// How the figures are looked at (year, sorting, filter, the Community chosen).
    pub view: Option<View>,
    pub report: ImportReport,
    /// An import is running.
    pub busy: bool,
    /// Counts changes of the data the user made (edits, imports, undo): what autosave follows.
    pub edits: u64,
    /// Counts replacements of the whole data (an import, the example, an empty table, undo): the
    /// error summary takes focus when this changes, never on a key typed.
    pub replaced: u64,
}

/// An edit of the data, applied to the data as it is when the action arrives.
pub type Edit = Rc<dyn Fn(&mut CountyInput)>;

pub enum CommunitiesAction {
    /// The data to start from (saved data, or the example), if there is none yet.
    Init {
        input: CountyInput,
        report: Option<ImportReport>,
    },
    /// A change typed into a field, or a row added or removed.
    Edit(Edit),
    /// New data replaces the old (an import, the example, an empty table): the old is kept
    /// for "Undo".
    Replace {
        input: CountyInput,
        report: ImportReport,
    },
    /// An import accepted: new data made from the data as it is when the action arrives (so
    /// nothing typed meanwhile is lost to a stale copy); the old is kept for "Undo".
    ReplaceWith {
        make: Rc<dyn Fn(&CountyInput) -> CountyInput>,
        report: ImportReport,
    },
    Undo,
    View(View),
    Report(ImportReport),
    Busy(bool),
    /// "Delete all my data": back to the start (the example, the next time the journey is shown).
    Reset,
}

impl Reducible for CommunitiesState {
    type Action = CommunitiesAction;

    /// Through the route's split point (`crate::split::communities`).
    fn reduce(self: Rc<Self>, action: CommunitiesAction) -> Rc<Self> {
        crate::split::communities::reduce(self, action)
    }
}

impl CommunitiesState {
    /// The reducer.
    pub(crate) fn apply(self: Rc<Self>, action: CommunitiesAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            CommunitiesAction::Init { input, report } => {
                if s.input.is_some() {
                    return self;
                }
                s.input = Some(input);
                if let Some(r) = report {
                    s.report = r;
                }
            }
            CommunitiesAction::Edit(edit) => {
                let Some(input) = s.input.as_mut() else { return self };
                edit(input);
                input.rev = next_rev();
                s.edits += 1;
            }
            CommunitiesAction::Replace { mut input, report } => {
                input.rev = next_rev();
                s.previous = s.input.take();
                s.input = Some(input);
                s.report = ImportReport { can_undo: s.previous.is_some(), ..report };
                s.busy = false;
                s.edits += 1;
                s.replaced += 1;
            }
            CommunitiesAction::ReplaceWith { make, report } => {
                let Some(current) = s.input.as_ref() else { return self };
                let mut input = make(current);
                input.rev = next_rev();
                s.previous = s.input.take();
                s.input = Some(input);
                s.report = ImportReport { can_undo: true, ..report };
                s.busy = false;
                s.edits += 1;
                s.replaced += 1;
            }
            CommunitiesAction::Undo => {
                let Some(mut prev) = s.previous.take() else { return self };
                prev.rev = next_rev();
                s.input = Some(prev);
                s.report = ImportReport { status: "The data is back as it was before.".into(), ..Default::default() };
                s.edits += 1;
                s.replaced += 1;
            }
            CommunitiesAction::View(v) => {
                if s.view.as_ref() == Some(&v) {
                    return self;
                }
                s.view = Some(v);
            }
            CommunitiesAction::Report(r) => {
                s.report = r;
                s.busy = false;
            }
            CommunitiesAction::Busy(b) => s.busy = b,
            CommunitiesAction::Reset => s = CommunitiesState::default(),
        }
        Rc::new(s)
    }
}

/// The journey's state as every component of the app gets it (from the root's context).
pub type CommunitiesHandle = UseReducerHandle<CommunitiesState>;
