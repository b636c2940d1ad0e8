//! Input errors as values with a path (R10.5): collected, never panics.

use std::fmt;

/// One fault in an input, with the path of the value at fault, e.g.
/// `schools[2].pupils[17].band: unknown band "SA9" (known: U, S, W, SA1, SA2, SA3, SA4, SA5)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    /// Where the fault is: `schools[2].pupils[17].band`, `line 5: current_e3` … Empty for the
    /// document as a whole.
    pub path: String,
    /// What is wrong, in plain English.
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { path: path.into(), message: message.into() }
    }

    /// The same error with `prefix` put in front of its path (`rate_card` + `bands[0].code`).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// `a` + `b` → `a.b`; `a` + `[3]` → `a[3]`; either empty → the other.
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
