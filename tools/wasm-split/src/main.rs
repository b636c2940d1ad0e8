//! Splits the web app's one WebAssembly module for delivery: a first visit to any route
//! transfers at most 350 KB before it shows its figures.
//!
//! The app is one Rust program, one Yew application and one `.wasm` as wasm-bindgen and
//! wasm-opt leave it. This tool plans, for each route, which functions its **entry** keeps
//! (`plan`, in `plan.rs`: from the record of what the route's first visit runs, the closures
//! and vtables those functions make, found from the linker's relocations, and the split points
//! declared in the code), and cuts the module in two by that plan (`split`):
//!
//! * the **primary** (the route's entry) is the module itself, where every function outside the
//!   plan has had its body replaced by a stub: "pass the parameters and my slot in the table
//!   `T` to the trampoline of my type". The trampoline asks the page to load the secondary if
//!   `T[slot]` is still empty (`__sen_split.load(slot)`), then calls `T[slot]`;
//! * the **secondary** (the route's rest) holds those functions' real bodies. It imports all
//!   else from the primary (memory, tables, globals, the functions it calls) and, when
//!   instantiated, fills `T` through an active element segment.
//!
//! Nothing is duplicated and nothing runs twice: one memory, one stack, one set of globals, one
//! Yew runtime. Data segments stay in the primary; a function that uses one (`memory.init`,
//! `table.init`, `elem.drop`) is never moved.
//!
//! ```text
//! sen-wasm-split plan LINKED FINAL POINTS RECORD OUT_DIR
//!     LINKED: the module as the linker wrote it (--emit-relocs); FINAL: after wasm-bindgen and
//!     wasm-opt -g; POINTS: web/split-points.txt; RECORD: web/split-record.txt. Writes
//!     OUT_DIR/KEY.txt, the numbers of the functions each route's entry keeps
//! sen-wasm-split split IN.wasm KEEP OUT_DIR
//!     KEEP: the numbers i of functions, one per line. They stay whole in the primary
//!     (OUT_DIR/primary.wasm); OUT_DIR/rest.wasm takes all others (none: no rest.wasm);
//!     OUT_DIR/slots.txt lists the function in each slot of the table `T`
//! sen-wasm-split names IN.wasm
//!     each defined function's number and name as a path (for the record)
//! sen-wasm-split instrument IN.wasm OUT.wasm
//!     every defined function, on its first call, calls the import `__sen_profile.mark(i)`
//!     with its number i (scripts/split-record.mjs, the developer's recording tool)
//! ```
//! Every command numbers the functions of the same IN.wasm the same way. Same inputs, same
//! bytes out.
mod plan;

use anyhow::{bail, Context, Result};
use std::collections::{BTreeSet, HashMap};
use walrus::ir::{ElemDrop, MemoryInit, TableInit, Visitor};
use walrus::{
    ConstExpr, ElementItems, ElementKind, ExportItem, FunctionId, FunctionKind, GlobalKind, ImportKind, ImportedFunction, Module, ModuleConfig, RefType,
    ValType,
};

/// The import namespace of the secondary module's imports from the primary (short: it is
/// written once per import).
const PRIMARY_NS: &str = "p";
/// The prefix of the primary's exports for the secondary (the loader strips it).
const EXPORT_PREFIX: &str = "~";
/// The import the stubs call to have the secondary loaded: `__sen_split.load()`.
const SPLIT_NS: &str = "__sen_split";
/// The import the instrumented module calls: `__sen_profile.mark(i)`.
const PROFILE_NS: &str = "__sen_profile";
/// The primary's export of the table the rest fills (the loader checks it).
const EXPORT_TABLE: &str = "__sen_split_table";

fn main() {
    if let Err(e) = run(std::env::args().skip(1).collect()) {
        eprintln!("sen-wasm-split: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: Vec<String>) -> Result<()> {
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["instrument", input, output] => {
            let bytes = std::fs::read(input).with_context(|| format!("reading {input}"))?;
            let out = instrument(&bytes)?;
            std::fs::write(output, out).with_context(|| format!("writing {output}"))?;
            Ok(())
        }
        ["split", input, keep, out_dir] => {
            let bytes = std::fs::read(input).with_context(|| format!("reading {input}"))?;
            let out = split(&bytes, &read_profile(keep)?)?;
            let dir = std::path::Path::new(out_dir);
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join("primary.wasm"), &out.primary)?;
            if let Some(rest) = &out.rest {
                std::fs::write(dir.join("rest.wasm"), rest)?;
            }
            // The function in each slot of T, one per line: what a slot the page had to load
            // at once stands for.
            std::fs::write(dir.join("slots.txt"), out.slots.iter().map(|f| format!("{f}\n")).collect::<String>())?;
            println!(
                "sen-wasm-split: {} functions, {} kept whole in the primary ({} bytes); parts: {}",
                out.functions,
                out.kept,
                out.primary.len(),
                out.rest.as_ref().map(|m| format!("rest {} functions {} bytes", out.slots.len(), m.len())).unwrap_or_default()
            );
            Ok(())
        }
        ["names", fin] => {
            // The final module's functions by number, as paths (for the record).
            for (i, n) in plan::final_names(&std::fs::read(fin).with_context(|| format!("reading {fin}"))?)?.iter().enumerate() {
                println!("{i}\t{}", n.as_deref().map(plan::final_path).unwrap_or_default());
            }
            Ok(())
        }
        ["plan", linked, fin, points, record, out_dir] => {
            let linked = plan::read_linked(&std::fs::read(linked).with_context(|| format!("reading {linked}"))?)?;
            let fin = plan::read_final(&std::fs::read(fin).with_context(|| format!("reading {fin}"))?)?;
            let points = plan::parse_points(&std::fs::read_to_string(points).with_context(|| format!("reading {points}"))?)?;
            let record = plan::parse_record(&std::fs::read_to_string(record).with_context(|| format!("reading {record}"))?)?;
            let (same, differ) = plan::check_same(&linked, &fin)?;
            for path in points.cut.iter().chain(points.routes.iter().map(|(_, p)| p)) {
                if linked.named(path).is_empty() {
                    bail!("no function of the module is the split point {path}: is it #[inline(never)] and used?");
                }
            }
            let dir = std::path::Path::new(out_dir);
            std::fs::create_dir_all(dir)?;
            let all_cuts: Vec<String> = points.cut.iter().cloned().chain(points.routes.iter().map(|(_, p)| p.clone())).collect();
            for (key, own) in &points.routes {
                let enter = std::slice::from_ref(own);
                let ran = record.get(key).with_context(|| format!("the record has no route {key}: record the split again (make split-record)"))?;
                let missing = linked.missing_paths(ran);
                if std::env::var_os("SEN_SPLIT_DEBUG").is_some() {
                    for m in &missing {
                        eprintln!("missing {key}: {m}");
                    }
                }
                let reach = linked.recorded(&all_cuts, enter, ran);
                let e = plan::entry(&linked, &fin, &reach, ran, &points.keep);
                std::fs::write(dir.join(format!("{key}.txt")), e.keep.iter().map(|f| format!("{f}\n")).collect::<String>())?;
                // What the sound split would keep: everything reachable without a split point.
                let whole = linked.reach(&all_cuts, enter);
                println!(
                    "sen-wasm-split: {key}: {} of {} functions in the entry ({} by name, {} by slot); {} of the record not in the module; {} reachable in all",
                    e.keep.len(),
                    fin.count,
                    e.by_name,
                    e.by_slot,
                    missing.len(),
                    whole.len()
                );
                if let Ok(top) = std::env::var("SEN_SPLIT_TOP") {
                    eprintln!("{key}:");
                    linked.explain(&all_cuts, enter, top.parse().unwrap_or(30), std::env::var("SEN_SPLIT_WHY").ok().as_deref());
                }
            }
            println!("sen-wasm-split: table slots that agree by name {same}, differ {differ}; data references outside any symbol {}", linked.loose_data_refs);
            Ok(())
        }
        _ => bail!("usage: sen-wasm-split instrument IN OUT | split IN KEEP OUT_DIR | names FINAL | plan LINKED FINAL POINTS RECORD OUT_DIR"),
    }
}

fn read_profile(path: &str) -> Result<BTreeSet<usize>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    parse_profile(&text)
}

fn parse_profile(text: &str) -> Result<BTreeSet<usize>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.parse::<usize>().with_context(|| format!("profile line {l:?} is not a function number")))
        .collect()
}

fn config() -> ModuleConfig {
    let mut c = ModuleConfig::new();
    c.generate_producers_section(false);
    c.generate_name_section(false);
    c
}

/// The module's defined functions, numbered in their order in the module.
fn local_functions(m: &Module) -> Vec<FunctionId> {
    m.funcs.iter().filter(|f| matches!(f.kind, FunctionKind::Local(_))).map(|f| f.id()).collect()
}

/// Adds the profile marks: function i, on its first call, sets its own global and calls
/// `__sen_profile.mark(i)`.
pub fn instrument(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut m = config().parse(bytes)?;
    let locals = local_functions(&m);
    let ty = m.types.add(&[ValType::I32], &[]);
    let (mark, _) = m.add_import_func(PROFILE_NS, "mark", ty);
    for (i, fid) in locals.iter().enumerate() {
        let seen = m.globals.add_local(ValType::I32, true, false, ConstExpr::Value(walrus::ir::Value::I32(0)));
        let FunctionKind::Local(lf) = &mut m.funcs.get_mut(*fid).kind else { continue };
        let number = i32::try_from(i)?;
        let mut body = lf.builder_mut().func_body();
        body.if_else_at(
            0,
            None,
            |_| {},
            |then| {
                then.i32_const(1).global_set(seen).i32_const(number).call(mark);
            },
        );
        body.instr_at(0, walrus::ir::GlobalGet { global: seen });
    }
    Ok(m.emit_wasm())
}

/// Whether a function must stay whole in the primary: it uses a data or element segment,
/// which only the primary has.
fn pinned(m: &Module, fid: FunctionId) -> bool {
    struct Uses(bool);
    impl<'a> Visitor<'a> for Uses {
        fn visit_memory_init(&mut self, _: &MemoryInit) {
            self.0 = true;
        }
        fn visit_table_init(&mut self, _: &TableInit) {
            self.0 = true;
        }
        fn visit_elem_drop(&mut self, _: &ElemDrop) {
            self.0 = true;
        }
    }
    let FunctionKind::Local(lf) = &m.funcs.get(fid).kind else { return true };
    if !lf.used_data_segments().is_empty() {
        return true;
    }
    let mut v = Uses(false);
    walrus::ir::dfs_in_order(&mut v, lf, lf.entry_block());
    v.0
}

/// The result of a split.
pub struct Split {
    pub primary: Vec<u8>,
    /// The secondary module, which fills every slot of `T`; `None` when no function moves.
    pub rest: Option<Vec<u8>>,
    pub kept: usize,
    pub functions: usize,
    /// The function (its number) in each slot of `T`.
    pub slots: Vec<usize>,
}

/// Splits `bytes`. The functions numbered in `keep` (and any that must stay) remain whole in
/// the primary; every other function moves to the secondary module, the rest, in the order of
/// the module (its slot in `T`).
pub fn split(bytes: &[u8], keep: &BTreeSet<usize>) -> Result<Split> {
    let probe = config().parse(bytes)?;
    let locals = local_functions(&probe);
    if let Some(&bad) = keep.iter().find(|&&i| i >= locals.len()) {
        bail!("a profile names function {bad}, but the module defines only {}: it was taken from another build", locals.len());
    }
    let moved: Vec<usize> = (0..locals.len()).filter(|&i| !keep.contains(&i) && !pinned(&probe, locals[i])).collect();
    drop(probe);
    let mut slot_of: Vec<Option<usize>> = vec![None; locals.len()];
    for (slot, i) in moved.iter().enumerate() {
        slot_of[*i] = Some(slot);
    }
    let next = moved.len();
    let n_slots = u64::try_from(next)?;

    // --- the secondary: the moved bodies; everything else imported from the primary --------
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut rest = None;
    if !moved.is_empty() {
        let own: BTreeSet<usize> = moved.iter().copied().collect();
        let mut s = config().parse(bytes)?;
        drop_customs(&mut s);
        let s_locals = local_functions(&s);
        for (i, fid) in s_locals.iter().enumerate() {
            if own.contains(&i) {
                continue;
            }
            let ty = s.funcs.get(*fid).ty();
            let import = s.imports.add(PRIMARY_NS, &format!("f{}", base36(i)), ImportKind::Function(*fid));
            s.funcs.get_mut(*fid).kind = FunctionKind::Import(ImportedFunction { import, ty });
        }
        let globals: Vec<_> = s.globals.iter().map(|g| g.id()).collect();
        for (i, gid) in globals.iter().enumerate() {
            if matches!(s.globals.get(*gid).kind, GlobalKind::Import(_)) {
                bail!("the module imports a global: not expected from wasm-bindgen's output");
            }
            let import = s.imports.add(PRIMARY_NS, &format!("g{}", base36(i)), ImportKind::Global(*gid));
            s.globals.get_mut(*gid).kind = GlobalKind::Import(import);
        }
        let memories: Vec<_> = s.memories.iter().map(|x| x.id()).collect();
        for (i, mid) in memories.iter().enumerate() {
            if s.memories.get(*mid).import.is_some() {
                bail!("the module imports its memory: not expected from wasm-bindgen's output");
            }
            let import = s.imports.add(PRIMARY_NS, &format!("m{}", base36(i)), ImportKind::Memory(*mid));
            let mem = s.memories.get_mut(*mid);
            mem.import = Some(import);
            mem.data_segments.clear();
        }
        let data: Vec<_> = s.data.iter().map(|d| d.id()).collect();
        for d in data {
            s.data.delete(d);
        }
        let tables: Vec<_> = s.tables.iter().map(|t| t.id()).collect();
        for (i, tid) in tables.iter().enumerate() {
            if s.tables.get(*tid).import.is_some() {
                bail!("the module imports a table: not expected from wasm-bindgen's output");
            }
            let import = s.imports.add(PRIMARY_NS, &format!("t{}", base36(i)), ImportKind::Table(*tid));
            let t = s.tables.get_mut(*tid);
            t.import = Some(import);
            t.elem_segments.clear();
            t.init = None;
        }
        let elements: Vec<_> = s.elements.iter().map(|e| e.id()).collect();
        for e in elements {
            s.elements.delete(e);
        }
        let exports: Vec<_> = s.exports.iter().map(|e| e.id()).collect();
        for e in exports {
            s.exports.delete(e);
        }
        s.start = None;
        let (split_table, _) = s.add_import_table(PRIMARY_NS, "T", false, n_slots, Some(n_slots), RefType::FUNCREF);
        let seg = s.elements.add(
            ElementKind::Active { table: split_table, offset: ConstExpr::Value(walrus::ir::Value::I32(0)) },
            ElementItems::Functions(own.iter().map(|i| s_locals[*i]).collect()),
        );
        s.tables.get_mut(split_table).elem_segments.insert(seg);
        walrus::passes::gc::run(&mut s);
        wanted.extend(s.imports.iter().filter(|i| i.module == PRIMARY_NS).map(|i| i.name.clone()));
        rest = Some(s.emit_wasm());
    }

    // --- the primary: the module, with the moved bodies replaced by stubs ------------------
    let mut p = config().parse(bytes)?;
    drop_customs(&mut p);
    let p_locals = local_functions(&p);
    let p_globals: Vec<_> = p.globals.iter().map(|g| g.id()).collect();
    let p_memories: Vec<_> = p.memories.iter().map(|x| x.id()).collect();
    let p_tables: Vec<_> = p.tables.iter().map(|t| t.id()).collect();
    // Export what the secondary imports (an item already exported keeps its export too).
    for name in &wanted {
        if name == "T" {
            continue;
        }
        let (kind, i) = name.split_at(1);
        let i = usize::from_str_radix(i, 36).unwrap_or(usize::MAX);
        let item: Option<ExportItem> = match kind {
            "f" => p_locals.get(i).map(|f| ExportItem::Function(*f)),
            "g" => p_globals.get(i).map(|g| ExportItem::Global(*g)),
            "m" => p_memories.get(i).map(|x| ExportItem::Memory(*x)),
            "t" => p_tables.get(i).map(|t| ExportItem::Table(*t)),
            _ => None,
        };
        let item = item.with_context(|| format!("a secondary imports {name}, which the primary does not have"))?;
        p.exports.add(&format!("{EXPORT_PREFIX}{name}"), item);
    }
    let table = p.tables.add_local(false, n_slots, Some(n_slots), RefType::FUNCREF);
    p.exports.add(&format!("{EXPORT_PREFIX}T"), table);
    p.exports.add(EXPORT_TABLE, table);
    let load_ty = p.types.add(&[ValType::I32], &[]);
    let (load, _) = p.add_import_func(SPLIT_NS, "load", load_ty);
    // One trampoline per function type: (the function's parameters…, its slot in T) → "if
    // T[slot] is empty, have the page load the part that fills it; then call T[slot]". A stub
    // only passes its parameters and its slot on: a few bytes.
    let mut trampolines: HashMap<walrus::TypeId, FunctionId> = HashMap::new();
    for (i, fid) in p_locals.iter().enumerate() {
        let Some(slot) = slot_of[i] else { continue };
        let ty = p.funcs.get(*fid).ty();
        let tramp = match trampolines.get(&ty) {
            Some(t) => *t,
            None => {
                let (params, results) = {
                    let t = p.types.get(ty);
                    (t.params().to_vec(), t.results().to_vec())
                };
                let mut with_slot = params.clone();
                with_slot.push(ValType::I32);
                let mut b = walrus::FunctionBuilder::new(&mut p.types, &with_slot, &results);
                let args: Vec<_> = with_slot.iter().map(|t| p.locals.add(*t)).collect();
                let slot_arg = args[args.len() - 1];
                let mut body = b.func_body();
                body.local_get(slot_arg).table_get(table).ref_is_null().if_else(
                    None,
                    |then| {
                        then.local_get(slot_arg).call(load);
                    },
                    |_| {},
                );
                for a in &args {
                    body.local_get(*a);
                }
                body.call_indirect(ty, table);
                let t = b.finish(args, &mut p.funcs);
                trampolines.insert(ty, t);
                t
            }
        };
        let FunctionKind::Local(lf) = &mut p.funcs.get_mut(*fid).kind else { continue };
        let entry = lf.entry_block();
        lf.block_mut(entry).instrs.clear();
        let args = lf.args.clone();
        let mut body = lf.builder_mut().func_body();
        for a in args {
            body.local_get(a);
        }
        body.i32_const(i32::try_from(slot)?).call(tramp);
    }
    walrus::passes::gc::run(&mut p);
    let kept = locals.len() - next;
    let mut slots = vec![0; next];
    for (i, s) in slot_of.iter().enumerate() {
        if let Some(s) = s {
            slots[*s] = i;
        }
    }
    Ok(Split { primary: p.emit_wasm(), rest, kept, functions: locals.len(), slots })
}

/// Removes the custom sections (the linker's relocations and symbols, if wasm-opt left them):
/// the browser needs none of them.
fn drop_customs(m: &mut Module) {
    let ids: Vec<_> = m.customs.iter().map(|(id, _)| id).collect();
    for id in ids {
        m.customs.delete(id);
    }
}

/// A short name for number `n` (exports and imports are named once each; names count).
fn base36(mut n: usize) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = String::new();
    loop {
        out.insert(0, char::from(digits[n % 36]));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out
}
