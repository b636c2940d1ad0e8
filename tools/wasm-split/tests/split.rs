//! The splitter on a small module built here: both halves are valid WebAssembly, and run
//! under Node.js (as the page runs them: the secondary loaded when a stub first needs it)
//! they give the same results as the whole module, direct and indirect calls alike.
use std::path::{Path, PathBuf};
use std::process::Command;
use walrus::ir::{BinaryOp, Value};
use walrus::{ConstExpr, ElementItems, ElementKind, FunctionBuilder, Module, RefType, ValType};

/// Functions, in this order: add1 (0), fib (1), run (2), run_indirect (3).
/// fib(x) = 2 * add1(x); run(x) = add1(fib(x)); run_indirect(x) = fib(x) through table 0.
fn module() -> Vec<u8> {
    let mut m = Module::default();
    let mem = m.memories.add_local(false, false, 1, None, None);
    m.exports.add("memory", mem);
    let count = m.globals.add_local(ValType::I32, true, false, ConstExpr::Value(Value::I32(0)));
    m.exports.add("count", count);

    let x = m.locals.add(ValType::I32);
    let mut add1 = FunctionBuilder::new(&mut m.types, &[ValType::I32], &[ValType::I32]);
    add1.func_body().global_get(count).i32_const(1).binop(BinaryOp::I32Add).global_set(count).local_get(x).i32_const(1).binop(BinaryOp::I32Add);
    let add1 = add1.finish(vec![x], &mut m.funcs);

    // fib here is "twice add1": moved to the rest, it calls back into the primary.
    let n = m.locals.add(ValType::I32);
    let mut fib = FunctionBuilder::new(&mut m.types, &[ValType::I32], &[ValType::I32]);
    fib.func_body().local_get(n).call(add1).i32_const(2).binop(BinaryOp::I32Mul);
    let fib = fib.finish(vec![n], &mut m.funcs);

    let a = m.locals.add(ValType::I32);
    let mut run = FunctionBuilder::new(&mut m.types, &[ValType::I32], &[ValType::I32]);
    run.func_body().local_get(a).call(fib).call(add1);
    let run = run.finish(vec![a], &mut m.funcs);
    m.exports.add("run", run);

    let table = m.tables.add_local(false, 1, Some(1), RefType::FUNCREF);
    let seg = m.elements.add(ElementKind::Active { table, offset: ConstExpr::Value(Value::I32(0)) }, ElementItems::Functions(vec![fib]));
    m.tables.get_mut(table).elem_segments.insert(seg);
    let fib_ty = m.funcs.get(fib).ty();
    let b = m.locals.add(ValType::I32);
    let mut ind = FunctionBuilder::new(&mut m.types, &[ValType::I32], &[ValType::I32]);
    ind.func_body().local_get(b).i32_const(0).call_indirect(fib_ty, table);
    let ind = ind.finish(vec![b], &mut m.funcs);
    m.exports.add("run_indirect", ind);
    m.emit_wasm()
}

fn tool(args: &[&Path]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sen-wasm-split")).args(args).output().expect("the tool runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn valid(path: &Path) {
    let bytes = std::fs::read(path).expect("written");
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all()).validate_all(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Runs `whole` or (`primary`, `rest`) under Node.js: run(10), run_indirect(10), the count,
/// and how many times the rest was loaded.
fn node(whole: &Path, rest: Option<&Path>) -> String {
    let script = r#"
const fs = require('fs');
const [whole, rest] = process.argv.slice(1);
let inst, loaded = 0, second = null;
const load = () => {
  if (second) return;
  const p = {};
  for (const k of Object.keys(inst.exports)) if (k[0] === '~') p[k.slice(1)] = inst.exports[k];
  second = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(rest)), { p });
  loaded++;
};
inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(whole)), { __sen_split: { load } });
const a = inst.exports.run(10), b = inst.exports.run_indirect(10);
console.log(JSON.stringify({ run: a, run_indirect: b, count: inst.exports.count.value, loaded }));
"#;
    let mut cmd = Command::new("node");
    cmd.arg("-e").arg(script).arg(whole);
    if let Some(r) = rest {
        cmd.arg(r);
    }
    let out = cmd.output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sen-wasm-split-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn split_halves_are_valid_and_compute_what_the_whole_does() {
    let d = dir("split");
    let whole = d.join("whole.wasm");
    std::fs::write(&whole, module()).expect("written");
    // run(10) = add1(2 * add1(10)) = 23 (two calls); run_indirect(10) = 2 * add1(10) = 22 (one more).
    let expected = r#"{"run":23,"run_indirect":22,"count":3,"loaded":0}"#;
    assert_eq!(node(&whole, None), expected);

    // Keep add1 (0), run (2) and run_indirect (3): fib (1) moves to the rest.
    let keep = d.join("keep.txt");
    std::fs::write(&keep, "0\n2\n3\n").expect("written");
    let out_dir = d.join("out");
    let said = tool(&[Path::new("split"), &whole, &keep, &out_dir]);
    assert!(said.contains("4 functions, 3 kept whole"), "{said}");
    let (primary, rest) = (out_dir.join("primary.wasm"), out_dir.join("rest.wasm"));
    valid(&primary);
    valid(&rest);
    // Same results; the rest loaded once, when fib was first called.
    assert_eq!(node(&primary, Some(&rest)), expected.replace(r#""loaded":0"#, r#""loaded":1"#));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn instrumented_module_marks_each_function_once() {
    let d = dir("instrument");
    let whole = d.join("whole.wasm");
    std::fs::write(&whole, module()).expect("written");
    let inst = d.join("inst.wasm");
    tool(&[Path::new("instrument"), &whole, &inst]);
    valid(&inst);
    let script = r#"
const fs = require('fs');
const marks = [];
const i = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(process.argv[1])), { __sen_profile: { mark: (n) => marks.push(n) } });
i.exports.run(10);
console.log(JSON.stringify(marks));
"#;
    let out = Command::new("node").arg("-e").arg(script).arg(&inst).output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // run (2), then fib (1), then add1 (0): each once, run_indirect (3) never.
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[2,1,0]");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_profile_from_another_build_is_refused() {
    let d = dir("refuse");
    let whole = d.join("whole.wasm");
    std::fs::write(&whole, module()).expect("written");
    let keep = d.join("keep.txt");
    std::fs::write(&keep, "0\n99\n").expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_sen-wasm-split")).arg("split").arg(&whole).arg(&keep).arg(d.join("out")).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("names function 99, but the module defines only 4"));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn split_takes_exactly_in_keep_and_out_dir() {
    let d = dir("usage");
    let whole = d.join("whole.wasm");
    std::fs::write(&whole, module()).expect("written");
    let keep = d.join("keep.txt");
    std::fs::write(&keep, "0\n").expect("written");
    let out =
        Command::new(env!("CARGO_BIN_EXE_sen-wasm-split")).arg("split").arg(&whole).arg(&keep).arg(d.join("out")).arg("more=keep.txt").output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: sen-wasm-split instrument IN OUT | split IN KEEP OUT_DIR"));
    assert!(!d.join("out").exists(), "nothing written");
    std::fs::remove_dir_all(&d).ok();
}
