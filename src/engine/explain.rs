//! Explanations: ordered steps in plain English, each citing its rule (and, where a rate-card
//! parameter is used, the parameter with its source). The engine's own functions write them
//! through a [`Trace`]: the bulk calculation passes [`NoTrace`], which costs nothing, and
//! "explain" runs the very same functions with a recording trace, so an explanation can never
//! disagree with the figure it explains.

use serde::Serialize;

/// One step of a derivation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The rule of `docs/MODEL.md`, e.g. `R5.5`.
    pub rule: String,
    /// Plain English, with the figures and the parameters used.
    pub text: String,
}

/// The derivation of one figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// What is explained: `Pupil P001, 2025/26: Element 3`.
    pub title: String,
    pub steps: Vec<Step>,
}

impl Explanation {
    /// As the command-line tool prints it: the title, then one numbered line a step.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for (i, s) in self.steps.iter().enumerate() {
            out.push_str(&format!("  {}. {}: {}\n", i + 1, s.rule, s.text));
        }
        out
    }
}

/// Where the engine writes the steps of what it does.
pub trait Trace {
    /// Records a step; `text` is only called when the trace records.
    fn step(&mut self, rule: &str, text: impl FnOnce() -> String);
}

/// The trace of the bulk calculation: records nothing.
pub struct NoTrace;

impl Trace for NoTrace {
    #[inline(always)]
    fn step(&mut self, _rule: &str, _text: impl FnOnce() -> String) {}
}

impl Trace for Vec<Step> {
    fn step(&mut self, rule: &str, text: impl FnOnce() -> String) {
        self.push(Step { rule: rule.to_string(), text: text() });
    }
}
