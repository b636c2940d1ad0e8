//! The short version of the fuzzed readers that `cargo test` runs: the committed
//! fuzz corpus (`fuzz/corpus/`, grown and minimised by `make fuzz`) replayed through every
//! reader's checks, and proptest mutations of it (bytes flipped, inserted, deleted, spliced).
//! The checks are those of the cargo-fuzz targets (`fuzz/checks.rs`): no panic, every error
//! one line, what reads is written back to the same value; for the workbook target (R10.1a),
//! bytes of .xlsx/.xls/.ods read by the engine's workbook reader and imported as pupils and
//! Communities, directly and after the wire codec.

#[path = "../fuzz/checks.rs"]
mod checks;

use proptest::prelude::*;
use std::path::PathBuf;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 5] = [
    ("scenario_json", checks::scenario_json),
    ("rate_card", checks::rate_card),
    ("pupil_csv", checks::pupil_csv),
    ("community_csv", checks::community_csv),
    ("workbook", checks::workbook),
];

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    files.sort();
    // A file may go while `make fuzz` reduces the corpus: only those still there are read.
    files.into_iter().filter_map(|f| std::fs::read(f).ok()).collect()
}

#[test]
fn the_committed_corpus_passes_every_check() {
    for (target, check) in TARGETS {
        let inputs = corpus(target);
        assert!(inputs.len() >= 2, "{target}: the corpus is missing");
        for input in &inputs {
            check(input);
        }
        // Any crash a fuzzer found is kept in the corpus as `crash-*`: it must pass now.
    }
}

/// One mutation of a byte string.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    /// Copy a range of the input over another place (splices a structure into another).
    Splice(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens: Vec<&'static [u8]> = vec![
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"",
        b",",
        b":",
        b"\n",
        b"\r\n",
        b"null",
        b"-1",
        b"1e999",
        b"0.0000001",
        b"\xA3",
        b"\xEF\xBB\xBF",
        b"\xFF",
        b"2025/26",
        b"9999999999999",
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), proptest::sample::select(tokens)).prop_map(|(i, t)| Mutation::Insert(i, t.to_vec())),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), any::<usize>(), 1usize..200).prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
    ]
}

fn mutate(mut data: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let len = data.len().max(1);
        match m {
            Mutation::Flip(i, b) if !data.is_empty() => data[i % len] ^= b | 1,
            Mutation::Flip(..) => data.push(0),
            Mutation::Insert(i, t) => {
                let at = i % (data.len() + 1);
                data.splice(at..at, t.iter().copied());
            }
            Mutation::Delete(i, n) if !data.is_empty() => {
                let at = i % len;
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
            Mutation::Delete(..) => {}
            Mutation::Splice(a, b, n) if !data.is_empty() => {
                let from = a % len;
                let piece: Vec<u8> = data[from..(from + n).min(data.len())].to_vec();
                let to = b % (data.len() + 1);
                data.splice(to..to, piece);
            }
            Mutation::Splice(..) => {}
        }
    }
    data
}

proptest! {
    // 4 × 2000 cases of a few mutations each: a few seconds in a debug build.
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_inputs_never_break_a_reader(pick in any::<usize>(), ms in proptest::collection::vec(mutation(), 1..6)) {
        for (target, check) in TARGETS.iter().filter(|(t, _)| *t != "workbook") {
            let inputs = corpus_cached(target);
            let data = mutate(inputs[pick % inputs.len()].clone(), &ms);
            check(&data);
        }
    }
}

proptest! {
    // A workbook is unzipped and parsed, twice (and once more with its CRCs set, and after the
    // wire codec): 300 cases keep it to seconds in a debug build. `make fuzz` goes further.
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_workbooks_never_break_the_reader(pick in any::<usize>(), ms in proptest::collection::vec(mutation(), 1..6)) {
        let inputs = corpus_cached("workbook");
        checks::workbook(&mutate(inputs[pick % inputs.len()].clone(), &ms));
    }
}

fn corpus_cached(target: &str) -> &'static [Vec<u8>] {
    use std::sync::OnceLock;
    static CACHE: [OnceLock<Vec<Vec<u8>>>; 5] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = TARGETS.iter().position(|(t, _)| *t == target).expect("a known target");
    CACHE[i].get_or_init(|| corpus(target))
}
