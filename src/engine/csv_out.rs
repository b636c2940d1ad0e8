//! Writing CSV that is safe to open in a spreadsheet (R10.6 `compare --csv`, and any other CSV
//! export): the one place where formula-like text is neutralised.
//!
//! A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return could be run
//! as a formula by Excel or LibreOffice ("CSV injection"), so it is written with a leading
//! apostrophe, which spreadsheets show as text. A plain decimal number such as `-250.00` (an
//! optional minus, digits, an optional point and digits) is left as it is, so money, including
//! a negative change, stays a number a spreadsheet can add up. Quoting is the csv crate's.

use std::borrow::Cow;

/// Whether `s` is a plain decimal number: `-?digits(.digits)?`.
pub fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A cell as it is safe to write: formula-like text gets a leading apostrophe; plain numbers
/// and other text are unchanged.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    let risky = matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if risky && !is_plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Writes one record with every cell through [`safe_cell`].
pub fn write_record<W: std::io::Write, S: AsRef<str>>(w: &mut csv::Writer<W>, cells: impl IntoIterator<Item = S>) -> csv::Result<()> {
    let cells: Vec<String> = cells.into_iter().map(|c| safe_cell(c.as_ref()).into_owned()).collect();
    w.write_record(&cells)
}

/// Whole rows to CSV text (header first), every cell through [`safe_cell`].
pub fn to_csv_string<S: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = impl IntoIterator<Item = S>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = write_record(&mut w, header.iter()).is_ok();
    for r in rows {
        ok &= write_record(&mut w, r).is_ok();
    }
    let bytes = if ok { w.into_inner().unwrap_or_default() } else { Vec::new() };
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised() {
        for risky in ["=SUM(A1:A2)", "+1+1", "-2+3", "@cmd", "\tx", "\rx", "-", "=", "-£5"] {
            assert_eq!(safe_cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-250.00", "0.00", "1234.5", "-7", "School 1", "2025/26", "", "a=b", "'quoted"] {
            assert_eq!(safe_cell(safe), safe, "{safe:?}");
        }
        assert!(!is_plain_number("-.5") && !is_plain_number("1.") && !is_plain_number("1e5"));
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        let s = to_csv_string(&["a", "b"], vec![vec!["=1,2", "-3.00"], vec!["x\"y", "@z"]]);
        assert_eq!(s, "a,b\n\"'=1,2\",-3.00\n\"x\"\"y\",'@z\n");
    }
}
