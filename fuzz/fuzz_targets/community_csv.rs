//! The Community CSV reader (R10.2, R10.5) on any bytes: never a panic or a hang; every error
//! is one line; every line is accepted or rejected, never both.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sen_funding::engine::csv_import::read_communities;

fuzz_target!(|data: &[u8]| {
    let imp = read_communities(data);
    for e in &imp.errors {
        assert!(!e.to_string().contains('\n'), "an error over two lines: {e}");
    }
    for (line, _) in &imp.accepted {
        assert!(!imp.rejected_lines.contains(line), "line {line} both accepted and rejected");
    }
});
