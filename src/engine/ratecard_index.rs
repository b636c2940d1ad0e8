//! Published rate cards (R10.7): the index `ratecards/index.json`,
//! `{"current": "<card id>", "cards": [{"id", "title", "status", "file"}]}`, read and checked
//! with every fault under its path (R9, R10.5), and the check that a card loaded from the
//! index is the card the index says it is.
//!
//! Checks: unknown keys; `current` must name a listed card; ids unique; `status` is
//! `illustrative` or `official` (R9); `file` is a relative path to a `.json` file inside the
//! folder of the index: not empty, no scheme (`https:`, `C:`), no leading `/`, no `..` segment,
//! no backslash, no `?` or `#`. Reading the files is the caller's job (the web app fetches them
//! beside the index; tests read them from `www/ratecards/`).

use super::errors::{Errors, InputError, Path};
use super::json::{self, Obj};
use super::ratecard::{RateCard, Status};
use serde_json::Value;

/// One published card as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// Relative to the index.
    pub file: String,
}

/// `ratecards/index.json` (R10.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateCardIndex {
    /// The id of the card in force when the app starts; always one of `cards`.
    pub current: String,
    pub cards: Vec<IndexEntry>,
}

const STATUSES: [(&str, Status); 2] = [("illustrative", Status::Illustrative), ("official", Status::Official)];

impl RateCardIndex {
    /// Reads and checks the index; every fault is reported, each with its path.
    pub fn from_json_str(text: &str) -> Result<RateCardIndex, Errors> {
        let v = json::parse(text, "rate card index").map_err(|e| vec![e])?;
        RateCardIndex::from_value(&v)
    }

    pub fn from_value(v: &Value) -> Result<RateCardIndex, Errors> {
        let mut errs = Errors::new();
        let index = read_index(v, &mut errs);
        match index {
            Some(i) if errs.is_empty() => Ok(i),
            _ => {
                if errs.is_empty() {
                    errs.push(InputError::new("", "the rate card index could not be read"));
                }
                Err(errs)
            }
        }
    }

    /// The entry of the current card.
    pub fn current_entry(&self) -> Option<&IndexEntry> {
        self.entry(&self.current)
    }

    pub fn entry(&self, id: &str) -> Option<&IndexEntry> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.id == id)
    }

    /// The error for a listed file that cannot be fetched (missing, not text …), under the
    /// entry's `file` (R10.7: "an index that names a missing file is reported … with its path").
    pub fn file_error(&self, i: usize, reason: &str) -> InputError {
        let file = self.cards.get(i).map_or("", |e| e.file.as_str());
        InputError::new(format!("cards[{i}].file"), format!("cannot load \"{file}\" beside the index: {reason}"))
    }

    /// Reads the card file of entry `i` (its text as fetched) and checks it: R9 validation, and
    /// its `id` and `status` must be those the index lists. Faults of the card are reported
    /// under `cards[i] (file)`, e.g. `cards[1] (kent-2026.json).bands[3].rate`.
    pub fn load_card(&self, i: usize, text: &str) -> Result<RateCard, Errors> {
        let Some(entry) = self.cards.get(i) else {
            return Err(vec![InputError::new("cards", format!("there is no card number {i} in the index"))]);
        };
        let prefix = format!("cards[{i}] ({})", entry.file);
        let card = RateCard::from_json_str(text).map_err(|es| es.into_iter().map(|e| e.within(&prefix)).collect::<Errors>())?;
        let errs = check_card(i, entry, &card);
        if errs.is_empty() {
            Ok(card)
        } else {
            Err(errs)
        }
    }
}

/// R10.7: a loaded card must be the card its index entry names: the same `id` and `status`.
pub fn check_card(i: usize, entry: &IndexEntry, card: &RateCard) -> Errors {
    let mut errs = Errors::new();
    if card.id != entry.id {
        errs.push(InputError::new(
            format!("cards[{i}].id"),
            format!("the index lists \"{}\", but the card in \"{}\" has id \"{}\": make them the same", entry.id, entry.file, card.id),
        ));
    }
    if card.status != entry.status {
        errs.push(InputError::new(
            format!("cards[{i}].status"),
            format!("the index lists \"{}\", but the card in \"{}\" is \"{}\": make them the same", entry.status.as_str(), entry.file, card.status.as_str()),
        ));
    }
    errs
}

/// Why `file` is not a relative path inside the folder of the index, if it is not.
pub fn check_file(file: &str) -> Result<(), String> {
    let got = format!("(got \"{file}\")");
    if file.starts_with('/') {
        return Err(format!("must be relative to the index, without a leading / {got}"));
    }
    if file.contains('\\') {
        return Err(format!("must use / between folders, not \\ {got}"));
    }
    if file.contains(':') {
        return Err(format!("must be a file beside the index, not an address with a scheme such as https: {got}"));
    }
    if file.contains('?') || file.contains('#') {
        return Err(format!("must be a plain file name, without ? or # {got}"));
    }
    if file.split('/').any(|seg| seg == "..") {
        return Err(format!("must stay inside the folder of the index: no .. {got}"));
    }
    if file.split('/').any(|seg| seg.is_empty()) {
        return Err(format!("must be a file name such as kent-2026.json, with no empty folder names {got}"));
    }
    if !file.to_ascii_lowercase().ends_with(".json") {
        return Err(format!("must name a .json file {got}"));
    }
    Ok(())
}

fn read_index(v: &Value, errs: &mut Errors) -> Option<RateCardIndex> {
    let top = Obj::new(v, &Path::root(), &["current", "cards"], errs);
    top.map?;
    let current = top.req("current", errs).and_then(|x| json::text(x, &Path::root().key("current"), 100, errs));
    let list = top.req("cards", errs);
    let cards = list
        .map(|x| {
            json::list(x, &Path::root().key("cards"), errs, |c, p, errs| {
                let o = Obj::new(c, p, &["id", "title", "status", "file"], errs);
                o.map?;
                let id = o.req("id", errs).and_then(|x| json::text(x, &o.child("id"), 100, errs));
                let title = o.req("title", errs).and_then(|x| json::text(x, &o.child("title"), 200, errs));
                let status = o.req("status", errs).and_then(|x| json::one_of(x, &o.child("status"), errs, &STATUSES));
                let file = o.req("file", errs).and_then(|x| json::text(x, &o.child("file"), 300, errs)).and_then(|f| {
                    check_file(&f).map_err(|e| errs.push(InputError::new(o.child("file"), e))).ok()?;
                    Some(f)
                });
                Some(IndexEntry { id: id?, title: title?, status: status?, file: file? })
            })
        })
        .unwrap_or_default();
    if list.and_then(Value::as_array).is_some_and(|a| a.is_empty()) {
        errs.push(InputError::new("cards", "must list at least one card"));
    }
    // Duplicates, read from the ids as written (so found even where the entry has other faults).
    let written: Vec<Option<String>> = list
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|c| c.get("id").and_then(Value::as_str).map(|s| s.trim().to_string())).collect())
        .unwrap_or_default();
    for (i, id) in written.iter().enumerate() {
        if let Some(id) = id.as_deref().filter(|s| !s.is_empty()) {
            if written[..i].iter().any(|o| o.as_deref() == Some(id)) {
                errs.push(InputError::new(format!("cards[{i}].id"), format!("\"{id}\" is listed twice: card ids must be unique")));
            }
        }
    }
    let files: Vec<Option<&str>> =
        list.and_then(Value::as_array).map(|a| a.iter().map(|c| c.get("file").and_then(Value::as_str)).collect()).unwrap_or_default();
    for (i, f) in files.iter().enumerate() {
        if let Some(f) = f.filter(|s| !s.trim().is_empty()) {
            if files[..i].contains(&Some(f)) {
                errs.push(InputError::new(format!("cards[{i}].file"), format!("\"{f}\" is listed twice: each card has its own file")));
            }
        }
    }
    if let Some(c) = &current {
        if list.is_some() && !written.iter().any(|w| w.as_deref() == Some(c.as_str())) {
            let known: Vec<&str> = written.iter().flatten().map(String::as_str).collect();
            errs.push(InputError::new("current", format!("names \"{c}\", which is not listed in cards (listed: {})", known.join(", "))));
        }
    }
    Some(RateCardIndex { current: current?, cards })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r10_7_file_paths_stay_inside_the_folder() {
        assert!(check_file("kent-2026.json").is_ok());
        assert!(check_file("2026/kent.json").is_ok());
        for bad in [
            "/etc/kent.json",
            "../kent.json",
            "a/../../kent.json",
            "https://evil.example/k.json",
            "C:\\k.json",
            "k.json?x",
            "k.txt",
            "a//k.json",
            "data:k.json",
        ] {
            assert!(check_file(bad).is_err(), "{bad}");
        }
    }
}
