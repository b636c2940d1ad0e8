//! Input errors as values with a path (R10.5): collected, never panics.
//!
//! A path is a typed value ([`Path`], a list of [`Seg`]ments) that a UI can match on to find
//! the field at fault (`path.index_after("pupils")`, `path.last_key()`, `path.line()`), and that
//! is written for people exactly as it always was: `schools[2].pupils[17].band`,
//! `line 5: current_e3`, `rate_card_path (cards/kent.json).bands[0].code`. It is serialised as
//! that text.

use std::fmt;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A key of an object: `schools`, `band`, `2025/26` (written `a.b`).
    Key(String),
    /// A position in a list, from 0 (written `[17]`).
    Index(usize),
    /// A line of a CSV file, from 1, as a text editor numbers them (written `line 5`; a key
    /// after it is written `line 5: band`).
    Line(usize),
    /// The file a part of the input was read from (written `rate_card_path (cards/kent.json)`).
    File(String),
    /// Which of two documents (R10.6 `base` / `what_if`), first (written `base:schools[2]`, or
    /// `base` alone for the whole document).
    Doc(String),
    /// A sheet of a workbook (written `sheet "Pupils"`).
    Sheet(String),
    /// A row of a sheet, from 1, as the spreadsheet numbers it (written `sheet "Pupils" row 7`; a
    /// key after it is written `row 7: SEN Status`).
    Row(usize),
}

/// Where a fault is: a typed list of segments. Empty for the document as a whole.
///
/// It dereferences to its text (`&str`), so code that reads paths as text keeps working; new
/// code should match on [`Path::segments`] instead.
#[derive(Debug, Clone, Default)]
pub struct Path {
    segs: Vec<Seg>,
    /// The text form, kept in step with `segs`.
    text: String,
}

impl PartialEq for Path {
    fn eq(&self, other: &Path) -> bool {
        self.segs == other.segs
    }
}
impl Eq for Path {}
impl std::hash::Hash for Path {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.segs.hash(h)
    }
}

impl Path {
    /// The document as a whole.
    pub fn root() -> Path {
        Path::default()
    }

    /// `line 5` of a CSV file.
    pub fn line(n: usize) -> Path {
        Path::root().then(Seg::Line(n))
    }

    /// A path from its segments.
    pub fn from_segments(segs: impl IntoIterator<Item = Seg>) -> Path {
        segs.into_iter().fold(Path::root(), Path::then)
    }

    /// This path with one more segment.
    pub fn then(mut self, seg: Seg) -> Path {
        self.push(seg);
        self
    }

    /// Adds a segment at the end.
    pub fn push(&mut self, seg: Seg) {
        use fmt::Write;
        let first = self.segs.is_empty();
        let _ = match (&seg, self.segs.last()) {
            (Seg::Key(k), _) if first => write!(self.text, "{k}"),
            (Seg::Key(k), Some(Seg::Line(_) | Seg::Row(_) | Seg::Sheet(_))) => write!(self.text, ": {k}"),
            (Seg::Key(k), Some(Seg::Doc(_))) => write!(self.text, ":{k}"),
            (Seg::Key(k), _) => write!(self.text, ".{k}"),
            (Seg::Index(i), _) => write!(self.text, "[{i}]"),
            (Seg::Line(n), _) if first => write!(self.text, "line {n}"),
            (Seg::Line(n), Some(Seg::Doc(_))) => write!(self.text, ":line {n}"),
            (Seg::Line(n), _) => write!(self.text, ", line {n}"),
            (Seg::File(f), _) if first => write!(self.text, "({f})"),
            (Seg::File(f), _) => write!(self.text, " ({f})"),
            (Seg::Doc(d), _) if first => write!(self.text, "{d}"),
            (Seg::Doc(d), _) => write!(self.text, ", {d}"),
            (Seg::Sheet(n), _) if first => write!(self.text, "sheet \"{n}\""),
            (Seg::Sheet(n), Some(Seg::Doc(_))) => write!(self.text, ":sheet \"{n}\""),
            (Seg::Sheet(n), _) => write!(self.text, ", sheet \"{n}\""),
            (Seg::Row(r), _) if first => write!(self.text, "row {r}"),
            (Seg::Row(r), _) => write!(self.text, " row {r}"),
        };
        self.segs.push(seg);
    }

    /// `schools[2]` + `name` → `schools[2].name`.
    pub fn key(&self, k: &str) -> Path {
        self.clone().then(Seg::Key(k.to_string()))
    }

    /// `schools` + 2 → `schools[2]`.
    pub fn index(&self, i: usize) -> Path {
        self.clone().then(Seg::Index(i))
    }

    /// `prefix` followed by this path: `rate_card` + `bands[0].code` → `rate_card.bands[0].code`.
    pub fn within(&self, prefix: &Path) -> Path {
        let mut p = prefix.clone();
        for s in &self.segs {
            p.push(s.clone());
        }
        p
    }

    /// The segments, to match on.
    pub fn segments(&self) -> &[Seg] {
        &self.segs
    }

    /// The path as people read it (also what `Display` and `Deref` give).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True for the document as a whole.
    pub fn is_root(&self) -> bool {
        self.segs.is_empty()
    }

    /// The index just after the first `key`: `schools[2].pupils[17].band` → `index_after("pupils")`
    /// is 17.
    pub fn index_after(&self, key: &str) -> Option<usize> {
        self.segs.windows(2).find_map(|w| match w {
            [Seg::Key(k), Seg::Index(i)] if k == key => Some(*i),
            _ => None,
        })
    }

    /// The last key: `schools[2].pupils[17].band` → `band`; `line 5: ehcp` → `ehcp`.
    pub fn last_key(&self) -> Option<&str> {
        self.segs.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            _ => None,
        })
    }

    /// The first key: `schools[2].name` → `schools`.
    pub fn first_key(&self) -> Option<&str> {
        self.segs.iter().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            _ => None,
        })
    }

    /// The document of an R10.6 comparison: `base:schools[0].urn` → `base`.
    pub fn doc(&self) -> Option<&str> {
        match self.segs.first() {
            Some(Seg::Doc(d)) => Some(d),
            _ => None,
        }
    }

    /// The sheet and row of a workbook: `sheet "Pupils" row 7: SEN Status` → (`Pupils`, 7).
    pub fn sheet_row(&self) -> Option<(&str, usize)> {
        self.segs.windows(2).find_map(|w| match w {
            [Seg::Sheet(s), Seg::Row(r)] => Some((s.as_str(), *r)),
            _ => None,
        })
    }

    /// The CSV line: `line 5: ehcp` → 5.
    pub fn line_number(&self) -> Option<usize> {
        self.segs.iter().find_map(|s| match s {
            Seg::Line(n) => Some(*n),
            _ => None,
        })
    }

    /// The keys after the first `key` and its index: `schools[2].indicators.idaci.A` →
    /// `keys_after("schools")` is `["indicators", "idaci", "A"]`.
    pub fn keys_after(&self, key: &str) -> Vec<&str> {
        let Some(at) = self.segs.iter().position(|s| matches!(s, Seg::Key(k) if k == key)) else { return Vec::new() };
        self.segs[at + 1..]
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                _ => None,
            })
            .collect()
    }

    /// True when `prefix`'s segments begin this path.
    pub fn has_prefix(&self, prefix: &Path) -> bool {
        self.segs.starts_with(&prefix.segs)
    }

    /// Reads the text form back into segments: `schools[2].pupils[17].band`, `line 5: ehcp`,
    /// `rate_card_path (a.json).bands[0]`. Keys are split at `.`, so a key that itself holds a
    /// `.`, `[` or ` (` does not come back as one key; build such paths with [`Path::key`].
    /// For the text of any path, `Path::parse(&p.to_string()).to_string() == p.to_string()`.
    pub fn parse(text: &str) -> Path {
        let mut p = Path::root();
        let mut rest = text;
        // `base:…` (R10.6): a lower-case word and a colon, then the path without a space.
        if let Some((d, after)) = rest.split_once(':') {
            if !d.is_empty() && d.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') && !after.is_empty() && !after.starts_with(' ') {
                p.push(Seg::Doc(d.to_string()));
                rest = after;
            }
        }
        // `sheet "Pupils" row 7` and `… row 7: SEN Status`
        if let Some(after) = rest.strip_prefix("sheet \"") {
            if let Some((name, tail)) = after.split_once("\" row ") {
                let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let more = &tail[digits..];
                if let (Ok(n), true) = (tail[..digits].parse::<usize>(), more.is_empty() || more.starts_with(": ")) {
                    p.push(Seg::Sheet(name.to_string()));
                    p.push(Seg::Row(n));
                    rest = more.strip_prefix(": ").unwrap_or(more);
                }
            }
        }
        // `line N` and `line N: …`
        if let Some(after) = rest.strip_prefix("line ").filter(|_| !matches!(p.segs.last(), Some(Seg::Row(_)))) {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let tail = &after[digits..];
            if let (Ok(n), true) = (after[..digits].parse::<usize>(), tail.is_empty() || tail.starts_with(": ")) {
                p.push(Seg::Line(n));
                rest = tail.strip_prefix(": ").unwrap_or(tail);
            }
        }
        let mut key = String::new();
        let mut chars = rest.char_indices().peekable();
        let flush = |p: &mut Path, key: &mut String| {
            if !key.is_empty() {
                p.push(Seg::Key(std::mem::take(key)));
            }
        };
        while let Some((at, c)) = chars.next() {
            match c {
                '.' if !key.is_empty() || matches!(p.segs.last(), Some(Seg::Index(_) | Seg::File(_))) => flush(&mut p, &mut key),
                '[' => {
                    let close = rest[at..].find(']').map(|j| at + j);
                    match close.and_then(|j| rest[at + 1..j].parse::<usize>().ok().map(|n| (j, n))) {
                        Some((j, n)) if !rest[at + 1..j].starts_with('+') => {
                            flush(&mut p, &mut key);
                            p.push(Seg::Index(n));
                            while chars.peek().is_some_and(|(k, _)| *k <= j) {
                                chars.next();
                            }
                        }
                        _ => key.push(c),
                    }
                }
                ' ' if rest[at..].starts_with(" (") && rest[at..].contains(')') && !key.is_empty() => {
                    let close = at + rest[at..].find(')').unwrap_or(0);
                    flush(&mut p, &mut key);
                    p.push(Seg::File(rest[at + 2..close].to_string()));
                    while chars.peek().is_some_and(|(k, _)| *k <= close) {
                        chars.next();
                    }
                }
                _ => key.push(c),
            }
        }
        flush(&mut p, &mut key);
        if p.text != text {
            // Not a path this module writes: keep the text as one key, so it reads the same.
            return if text.is_empty() { Path::root() } else { Path::root().then(Seg::Key(text.to_string())) };
        }
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(&self.text))
    }
}

/// Text as it may be shown in an error: control characters and line separators (which a key or
/// a cell can hold) written as escapes, so that every error is one line.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !s.chars().any(odd) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if odd(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::ops::Deref for Path {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Path {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Path {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}
impl PartialEq<&str> for Path {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}
impl PartialEq<String> for Path {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}
impl PartialEq<Path> for String {
    fn eq(&self, other: &Path) -> bool {
        *self == other.text
    }
}
impl PartialEq<Path> for &str {
    fn eq(&self, other: &Path) -> bool {
        *self == other.text
    }
}

impl From<&str> for Path {
    fn from(s: &str) -> Path {
        Path::parse(s)
    }
}
impl From<String> for Path {
    fn from(s: String) -> Path {
        Path::parse(&s)
    }
}
impl From<&String> for Path {
    fn from(s: &String) -> Path {
        Path::parse(s)
    }
}
impl From<&Path> for Path {
    fn from(p: &Path) -> Path {
        p.clone()
    }
}

impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// One fault in an input, with the path of the value at fault, e.g.
/// `schools[2].pupils[17].band: unknown band "SA9" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    /// Where the fault is: `schools[2].pupils[17].band`, `line 5: current_e3` … Empty for the
    /// document as a whole.
    pub path: Path,
    /// What is wrong, in plain English.
    pub message: String,
}

impl InputError {
    /// `path` is a [`Path`], or its text (read back with [`Path::parse`]).
    pub fn new(path: impl Into<Path>, message: impl Into<String>) -> Self {
        InputError { path: path.into(), message: message.into() }
    }

    /// The same error with `prefix` put in front of its path (`rate_card` + `bands[0].code`).
    pub fn within(mut self, prefix: impl Into<Path>) -> Self {
        self.path = self.path.within(&prefix.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever text the input put in a key or a value.
        if self.path.is_root() {
            write!(f, "{}", one_line(&self.message))
        } else {
            write!(f, "{}: {}", self.path, one_line(&self.message))
        }
    }
}

/// `a` + `b` → `a.b`; `a` + `[3]` → `a[3]`; either empty → the other (on the text form).
pub fn join_path(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else if b.is_empty() {
        a.to_string()
    } else if b.starts_with('[') {
        format!("{a}{b}")
    } else {
        format!("{a}.{b}")
    }
}

/// All the errors of one input, in the order they were found.
pub type Errors = Vec<InputError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn typed_paths_read_as_before() {
        let p = Path::root().key("schools").index(2).key("pupils").index(17).key("band");
        assert_eq!(p.to_string(), "schools[2].pupils[17].band");
        assert_eq!(p.segments(), &[k("schools"), Seg::Index(2), k("pupils"), Seg::Index(17), k("band")]);
        assert_eq!(p.index_after("schools"), Some(2));
        assert_eq!(p.index_after("pupils"), Some(17));
        assert_eq!(p.index_after("band"), None);
        assert_eq!(p.last_key(), Some("band"));
        assert_eq!(p.first_key(), Some("schools"));
        assert_eq!(p.line_number(), None);
        assert!(p.has_prefix(&Path::root().key("schools").index(2)));
        assert!(!p.has_prefix(&Path::root().key("schools").index(3)));
        assert_eq!(p.keys_after("schools"), vec!["pupils", "band"]);
    }

    #[test]
    fn csv_line_paths() {
        let p = Path::line(5).key("current_e3");
        assert_eq!(p.to_string(), "line 5: current_e3");
        assert_eq!(p.line_number(), Some(5));
        assert_eq!(p.last_key(), Some("current_e3"));
        assert_eq!(Path::line(1).to_string(), "line 1");
        assert_eq!(Path::parse("line 5: current_e3"), p);
        assert_eq!(Path::parse("line 12"), Path::line(12));
    }

    #[test]
    fn comparison_and_workbook_paths() {
        // R10.6: `base:` before a scenario's path; `base` alone for the whole document.
        let base = Path::root().then(Seg::Doc("base".into()));
        let e = InputError::new(Path::root().key("schools").index(2).key("urn"), "x").within(base.clone());
        assert_eq!(e.to_string(), "base:schools[2].urn: x");
        assert_eq!(e.path.doc(), Some("base"));
        assert_eq!(InputError::new(Path::root(), "the scenario is empty").within(base.clone()).to_string(), "base: the scenario is empty");
        assert_eq!(Path::parse("what_if:schools[2].urn"), Path::root().then(Seg::Doc("what_if".into())).key("schools").index(2).key("urn"));
        assert_eq!(Path::parse("base:line 5: band"), base.clone().then(Seg::Line(5)).key("band"));
        // A workbook's sheet and row (R10.1a).
        let w = Path::root().then(Seg::Sheet("Pupils".into())).then(Seg::Row(7)).key("SEN Status");
        assert_eq!(w.to_string(), "sheet \"Pupils\" row 7: SEN Status");
        assert_eq!(w.sheet_row(), Some(("Pupils", 7)));
        assert_eq!(Path::parse("sheet \"Pupils\" row 7: SEN Status"), w);
        assert_eq!(Path::parse("sheet \"Pupils\" row 7"), Path::root().then(Seg::Sheet("Pupils".into())).then(Seg::Row(7)));
        // Text with a colon that is not a document prefix stays as it was.
        assert_eq!(Path::parse("line 5: band"), Path::line(5).key("band"));
        assert_eq!(Path::parse("Base: x").to_string(), "Base: x");
    }

    #[test]
    fn file_paths_and_within() {
        let inner = Path::root().key("bands").index(0).key("code");
        let prefix = Path::root().key("rate_card_path").then(Seg::File("cards/a.json".into()));
        let p = inner.within(&prefix);
        assert_eq!(p.to_string(), "rate_card_path (cards/a.json).bands[0].code");
        assert_eq!(Path::parse("rate_card_path (cards/a.json).bands[0].code"), p);
        let e = InputError::new(inner.clone(), "x").within("rate_card");
        assert_eq!(e.to_string(), "rate_card.bands[0].code: x");
        assert_eq!(e.path.segments()[0], k("rate_card"));
        // An empty inner path is the prefix itself.
        assert_eq!(Path::root().within(&Path::root().key("a")).to_string(), "a");
    }

    #[test]
    fn text_form_is_parsed_into_segments() {
        let p = Path::parse("schools[0].pupils[3].band");
        assert_eq!(p, Path::root().key("schools").index(0).key("pupils").index(3).key("band"));
        assert_eq!(Path::parse("pots.2025/26"), Path::root().key("pots").key("2025/26"));
        assert_eq!(Path::parse("years[1]"), Path::root().key("years").index(1));
        assert_eq!(Path::parse(""), Path::root());
        assert!(Path::parse("").is_root());
        // Text that is not a path this module writes stays one key, read the same.
        for odd in ["--year", "shipped rate card", "a[x]", "a..b", ".a", "a[", "line x", "a[+1]"] {
            assert_eq!(Path::parse(odd).to_string(), odd, "{odd}");
        }
        assert_eq!(Path::parse("--year").segments(), &[k("--year")]);
    }

    #[test]
    fn compares_and_serialises_as_text() {
        let p = Path::root().key("pots").key("2025/26");
        assert!(p == "pots.2025/26");
        assert!(p.starts_with("pots."));
        assert_eq!(p.strip_prefix("pots."), Some("2025/26"));
        let text: String = "pots.2025/26".into();
        assert!(text == p);
        // As the web app reads paths today: a `&Path` where a `&str` is wanted.
        fn field_of(path: &str) -> Option<&str> {
            path.strip_prefix("pots.")
        }
        assert_eq!(field_of(&p), Some("2025/26"));
        assert_eq!(format!("{}.", p), "pots.2025/26.");
        let e = InputError::new(p, "must be money");
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({"path": "pots.2025/26", "message": "must be money"}));
        assert_eq!(InputError::new("", "whole").to_string(), "whole");
    }

    use proptest::prelude::*;

    fn seg(any_text: bool) -> impl Strategy<Value = Seg> {
        let key = if any_text { "\\PC{1,8}" } else { "[a-z_][a-z0-9_/]{0,7}" };
        prop_oneof![key.prop_map(Seg::Key), (0usize..1000).prop_map(Seg::Index), (1usize..1000).prop_map(Seg::Line), "[a-z./]{1,8}".prop_map(Seg::File),]
    }

    proptest! {
        /// Paths of plain keys as the readers build them (`line N` first or not, a file after a
        /// key, keys and indexes) read back from their text to the same segments.
        #[test]
        fn plain_paths_read_back(
            line in proptest::option::of(1usize..1000),
            first in "[a-z_][a-z0-9_/]{0,7}",
            file in proptest::option::of("[a-z./]{1,8}"),
            rest in proptest::collection::vec(prop_oneof![
                "[a-z_][a-z0-9_/]{0,7}".prop_map(Seg::Key),
                (0usize..1000).prop_map(Seg::Index),
            ], 0..5),
        ) {
            let mut segs: Vec<Seg> = line.map(Seg::Line).into_iter().collect();
            segs.push(Seg::Key(first));
            segs.extend(file.map(Seg::File));
            segs.extend(rest);
            let p = Path::from_segments(segs);
            prop_assert_eq!(Path::parse(p.as_str()), p);
        }

        /// Any text reads as a path that is written back as the same text.
        #[test]
        fn any_text_keeps_its_form(segs in proptest::collection::vec(seg(true), 0..6), text in "\\PC{0,24}") {
            let p = Path::from_segments(segs);
            prop_assert_eq!(Path::parse(p.as_str()).to_string(), p.to_string());
            prop_assert_eq!(Path::parse(&text).as_str().to_string(), text);
        }
    }

    #[test]
    fn every_error_is_one_line() {
        let e = InputError::new(Path::root().key("a\nb"), "must be one of A, B (got \"x\r\ny\u{2028}\")");
        assert_eq!(e.to_string(), "a\\nb: must be one of A, B (got \"x\\r\\ny\\u{2028}\")");
        // The path itself keeps the key as written, for matching.
        assert_eq!(e.path.last_key(), Some("a\nb"));
    }
}
