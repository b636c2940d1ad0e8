//! The plan of the split: which functions each route's entry holds.
//!
//! Input: the module as the linker wrote it, with its relocations (`--emit-relocs`, set by
//! `web/build.rs`), and the same module after wasm-bindgen and wasm-opt (with its name
//! section: `wasm-opt -g`). The split points are declared in the app's code
//! (`web/src/split.rs`) and named in a points file:
//!
//! ```text
//! cut   PATH         a function whose path starts with PATH is a split point: never entered
//! keep  PART         a function whose path holds PART is kept in every entry
//! route KEY PATH     the route KEY's own page: entered for KEY, a split point for every other
//! ```
//!
//! A route's entry is what its record names (`web/split-record.txt`: the functions its first
//! visit ran), with every function those refer to by table slot, directly or through data (the
//! closures, callbacks and vtables they make), and never a split point of another route
//! ([`Linked::recorded`]). The linker's relocations say exactly which code and which data take
//! which slot and which data, so indirect calls are followed as precisely as direct ones. The
//! plan also reports the split from the code alone ([`Linked::reach`]: every function
//! reachable from the exports and start without entering a split point). Same inputs, same plan.
//!
//! The reachable functions of the linked module are then found in the final one: by name, by
//! their slot in the function table (which wasm-bindgen and wasm-opt keep, as it is exported),
//! and then by the final module's own direct calls (wasm-opt merges and outlines functions
//! under new names).
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wasmparser::{ElementItems, ElementKind, KnownCustom, Linking, Name, Operator, Parser, Payload, RelocationType, SymbolInfo, TypeRef};

/// The declared split points.
#[derive(Debug, Default)]
pub struct Points {
    pub cut: Vec<String>,
    /// Kept in every entry (by a part of their path): what the app draws, by design, while the
    /// rest is on its way, which no first visit runs.
    pub keep: Vec<String>,
    /// (route key, path of its page's split point), in the file's order.
    pub routes: Vec<(String, String)>,
}

pub fn parse_points(text: &str) -> Result<Points> {
    let mut p = Points::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match (word, rest.split_once(char::is_whitespace)) {
            ("cut", _) if !rest.is_empty() => p.cut.push(rest.to_string()),
            ("keep", _) if !rest.is_empty() => p.keep.push(rest.to_string()),
            ("route", Some((key, path))) => p.routes.push((key.to_string(), path.trim().to_string())),
            _ => bail!("points line {}: {line:?} is not `cut PATH` or `route KEY PATH`", n + 1),
        }
    }
    if p.routes.is_empty() {
        bail!("the points file names no route");
    }
    Ok(p)
}

/// A function's name in the final module as a path without hashes, as [`path_of`] gives it
/// for the linked module: the crates' hashes (`alloc[42c0b0c67f55fd31]`) and wasm-bindgen's
/// shim suffixes removed. The number wasm-bindgen gives a second function of the same name
/// (`grow_one[7]`) stays: it tells them apart.
pub fn final_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            if let Some(j) = name[i..].find(']') {
                let inner = &name[i + 1..i + j];
                if inner.len() >= 8 && inner.bytes().all(|c| c.is_ascii_hexdigit()) {
                    i += j + 1;
                    continue;
                }
            }
        }
        out.push(char::from(b[i]));
        i += 1;
    }
    for suffix in [" multivalue shim", " externref shim"] {
        while let Some(s) = out.strip_suffix(suffix) {
            out = s.to_string();
        }
    }
    without_usize(&out)
}

/// The record of what each route's first visit ran (`web/split-record.txt`): `route KEY`
/// lines, each followed by the paths of the functions it ran, one per line.
pub fn parse_record(text: &str) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut cur: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(key) = line.strip_prefix("route ") {
            cur = Some(key.trim().to_string());
            out.entry(key.trim().to_string()).or_default();
            continue;
        }
        let Some(key) = &cur else { bail!("record line {}: a function before any `route KEY` line", n + 1) };
        out.entry(key.clone()).or_default().insert(without_usize(line));
    }
    Ok(out)
}

/// A function's path without its hash: `sen_funding_web::split::enter`.
pub fn path_of(name: &str) -> String {
    if name.starts_with("_ZN") || name.starts_with("_R") {
        without_usize(&format!("{:#}", rustc_demangle::demangle(name)))
    } else {
        name.to_string()
    }
}

/// `6usize` → `6`: wasm-bindgen's demangling writes const generics with their type, the
/// alternate form without.
fn without_usize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("usize") {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        if !head.ends_with(|c: char| c.is_ascii_digit()) {
            out.push_str("usize");
        }
        rest = &tail[5..];
    }
    out.push_str(rest);
    out
}

/// A function's name as wasm-bindgen writes it into the final module (demangled, with the
/// crates' hashes), to find a linked function in the final module.
pub fn final_name(name: &str) -> String {
    if name.starts_with("_ZN") || name.starts_with("_R") {
        rustc_demangle::demangle(name).to_string()
    } else {
        name.to_string()
    }
}

/// A node of the reference graph: a function (by its index in the linked module, imports
/// first) or a data symbol (by its index in the symbol table).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum Node {
    Func(u32),
    Data(u32),
}

/// The linked module as a graph of references.
pub struct Linked {
    /// Function names (index → name), imports included.
    names: HashMap<u32, String>,
    imported_funcs: u32,
    /// Functions in the table: slot → function index.
    slots: BTreeMap<u32, u32>,
    edges: HashMap<Node, BTreeSet<Node>>,
    roots: BTreeSet<u32>,
    /// Each defined function's body size in bytes (index → size).
    sizes: HashMap<u32, usize>,
    /// Function paths (index → path without hashes).
    paths: HashMap<u32, String>,
    /// Direct calls (function → functions).
    direct: HashMap<u32, BTreeSet<u32>>,
    /// Relocations in data that no data symbol covers (their targets are roots).
    pub loose_data_refs: usize,
}

/// The data section: its index among the sections, where its contents start, and each segment's
/// data (start relative to the contents, length).
type DataSection = (u32, usize, Vec<(usize, usize)>);

struct DataSym {
    segment: u32,
    offset: u32,
    size: u32,
    symbol: u32,
}

fn is_table_index(t: RelocationType) -> bool {
    use RelocationType::*;
    matches!(t, TableIndexSleb | TableIndexI32 | TableIndexRelSleb | TableIndexSleb64 | TableIndexI64 | TableIndexRelSleb64)
}

fn is_memory_addr(t: RelocationType) -> bool {
    use RelocationType::*;
    matches!(
        t,
        MemoryAddrLeb
            | MemoryAddrSleb
            | MemoryAddrI32
            | MemoryAddrRelSleb
            | MemoryAddrLeb64
            | MemoryAddrSleb64
            | MemoryAddrI64
            | MemoryAddrRelSleb64
            | MemoryAddrTlsSleb
            | MemoryAddrLocrelI32
            | MemoryAddrTlsSleb64
    )
}

fn is_function_index(t: RelocationType) -> bool {
    matches!(t, RelocationType::FunctionIndexLeb | RelocationType::FunctionIndexI32)
}

pub fn read_linked(bytes: &[u8]) -> Result<Linked> {
    let mut names = HashMap::new();
    let mut imported_funcs = 0u32;
    let mut slots = BTreeMap::new();
    let mut edges: HashMap<Node, BTreeSet<Node>> = HashMap::new();
    let mut roots = BTreeSet::new();
    let mut sizes = HashMap::new();
    // Section index → what it is, for the relocation sections.
    let mut section = 0u32;
    let mut code_section: Option<(u32, usize)> = None;
    // (section index, content start, [(segment data start relative to the section, len)])
    let mut data_section: Option<DataSection> = None;
    // Function bodies: (start, end) relative to the code section's content, in order.
    let mut bodies: Vec<(usize, usize)> = Vec::new();
    let mut symbols: Vec<(bool, u32)> = Vec::new(); // (is function, function index or data symbol index)
    let mut data_syms: Vec<DataSym> = Vec::new();
    let mut relocs: Vec<(u32, Vec<wasmparser::RelocationEntry>)> = Vec::new();
    let mut exports: Vec<(String, u32)> = Vec::new();
    let mut had_linking = false;
    // Functions whose table slot a function's code takes (function → functions).
    let mut table_refs: HashMap<u32, BTreeSet<u32>> = HashMap::new();
    // Direct calls only (function → functions).
    let mut calls: HashMap<u32, BTreeSet<u32>> = HashMap::new();

    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        match &payload {
            Payload::ImportSection(r) => {
                for imp in r.clone().into_imports() {
                    if matches!(imp?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::ExportSection(r) => {
                for e in r.clone() {
                    let e = e?;
                    if e.kind == wasmparser::ExternalKind::Func {
                        exports.push((e.name.to_string(), e.index));
                    }
                }
            }
            Payload::StartSection { func, .. } => {
                roots.insert(*func);
            }
            Payload::ElementSection(r) => slots.extend(table_slots(r.clone())?),
            Payload::CodeSectionStart { range, .. } => {
                code_section = Some((section, range.start));
            }
            Payload::CodeSectionEntry(body) => {
                let (_, start) = code_section.context("code before its section")?;
                let r = body.range();
                let index = imported_funcs + u32::try_from(bodies.len())?;
                bodies.push((r.start - start, r.end - start));
                sizes.insert(index, r.end - r.start);
                // Direct calls, read from the code itself (the linker's own functions carry no
                // relocations).
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    match ops.read()? {
                        Operator::Call { function_index } | Operator::ReturnCall { function_index } | Operator::RefFunc { function_index } => {
                            edges.entry(Node::Func(index)).or_default().insert(Node::Func(function_index));
                            calls.entry(index).or_default().insert(function_index);
                        }
                        _ => {}
                    }
                }
            }
            Payload::DataSection(r) => {
                let start = r.range().start;
                let mut segs = Vec::new();
                for d in r.clone() {
                    let d = d?;
                    let data_start = d.range.end - d.data.len();
                    segs.push((data_start - start, d.data.len()));
                }
                data_section = Some((section, start, segs));
            }
            Payload::CustomSection(c) => match c.as_known() {
                KnownCustom::Name(r) => names.extend(function_names(r)?),
                KnownCustom::Linking(r) => {
                    had_linking = true;
                    for sub in r.subsections() {
                        if let Linking::SymbolTable(map) = sub? {
                            for (i, sym) in map.into_iter().enumerate() {
                                let i = u32::try_from(i)?;
                                match sym? {
                                    SymbolInfo::Func { index, .. } => symbols.push((true, index)),
                                    SymbolInfo::Data { symbol: Some(d), .. } => {
                                        data_syms.push(DataSym { segment: d.index, offset: d.offset, size: d.size, symbol: i });
                                        symbols.push((false, i));
                                    }
                                    _ => symbols.push((false, u32::MAX)),
                                }
                            }
                        }
                    }
                }
                KnownCustom::Reloc(r) => {
                    relocs.push((r.section_index(), r.entries().into_iter().collect::<Result<Vec<_>, _>>()?));
                }
                _ => {}
            },
            _ => {}
        }
        if matches!(
            payload,
            Payload::TypeSection(_)
                | Payload::ImportSection(_)
                | Payload::FunctionSection(_)
                | Payload::TableSection(_)
                | Payload::MemorySection(_)
                | Payload::TagSection(_)
                | Payload::GlobalSection(_)
                | Payload::ExportSection(_)
                | Payload::StartSection { .. }
                | Payload::ElementSection(_)
                | Payload::DataCountSection { .. }
                | Payload::DataSection(_)
                | Payload::CodeSectionStart { .. }
                | Payload::CustomSection(_)
        ) {
            section += 1;
        }
    }
    if !had_linking || relocs.is_empty() {
        bail!("the linked module has no relocations: build it with `-C link-arg=--emit-relocs` (web/build.rs)");
    }
    // wasm-bindgen's descriptions (`__wbindgen_describe_*`) are run by wasm-bindgen at build
    // time and removed: not roots. What they hand over by table slot (a closure's invoke
    // function, which the glue then calls by that slot) is.
    let (describe, rest): (Vec<_>, Vec<_>) = exports.into_iter().partition(|(n, _)| n.starts_with("__wbindgen_describe"));
    roots.extend(rest.into_iter().map(|(_, f)| f));
    let describe_roots: Vec<u32> = describe.into_iter().map(|(_, f)| f).collect();
    // Data symbols by segment, sorted by offset, to find the one covering a place.
    let mut by_segment: BTreeMap<u32, Vec<&DataSym>> = BTreeMap::new();
    for d in &data_syms {
        by_segment.entry(d.segment).or_default().push(d);
    }
    for v in by_segment.values_mut() {
        v.sort_by_key(|d| (d.offset, std::cmp::Reverse(d.size)));
    }
    let covering = |segment: u32, at: u32| -> Vec<u32> {
        by_segment
            .get(&segment)
            .map(|v| v.iter().filter(|d| d.offset <= at && (at < d.offset + d.size || (d.size == 0 && at == d.offset))).map(|d| d.symbol).collect())
            .unwrap_or_default()
    };
    let sym_of = |i: u32| symbols.get(i as usize).copied();
    let data_sym = |i: u32| data_syms.iter().find(|d| d.symbol == i);

    let mut loose_data_refs = 0;
    for (target, entries) in &relocs {
        let in_code = code_section.map(|(s, _)| s) == Some(*target);
        let in_data = data_section.as_ref().map(|(s, _, _)| *s) == Some(*target);
        for e in entries {
            // What the relocation refers to.
            let to: Option<Node> = match sym_of(e.index) {
                Some((true, f)) if is_table_index(e.ty) || is_function_index(e.ty) => Some(Node::Func(f)),
                Some((false, d)) if d != u32::MAX && is_memory_addr(e.ty) => Some(Node::Data(d)),
                _ => None,
            };
            let Some(to) = to else { continue };
            // A memory address past its symbol's end points into the symbols there too.
            let mut targets = vec![to];
            if let (Node::Data(d), true) = (to, e.addend != 0) {
                if let Some(ds) = data_sym(d) {
                    if let Ok(at) = u32::try_from(i64::from(ds.offset) + e.addend) {
                        targets.extend(covering(ds.segment, at).into_iter().map(Node::Data));
                    }
                }
            }
            // Where it sits.
            let from: Vec<Node> = if in_code {
                let at = e.offset as usize;
                let i = bodies.partition_point(|&(s, _)| s <= at);
                if i == 0 || at >= bodies[i - 1].1 {
                    continue;
                }
                vec![Node::Func(imported_funcs + u32::try_from(i - 1)?)]
            } else if in_data {
                let (_, _, segs) = data_section.as_ref().context("data")?;
                let at = e.offset as usize;
                let Some((seg, (s, _))) = segs.iter().enumerate().find(|(_, &(s, len))| s <= at && at < s + len) else { continue };
                let found = covering(u32::try_from(seg)?, u32::try_from(at - s)?);
                if found.is_empty() {
                    loose_data_refs += 1;
                    for t in &targets {
                        if let Node::Func(f) = t {
                            roots.insert(*f);
                        }
                    }
                    continue;
                }
                found.into_iter().map(Node::Data).collect()
            } else {
                continue;
            };
            for f in from {
                if let (Node::Func(a), Node::Func(b), true) = (f, to, in_code && is_table_index(e.ty)) {
                    table_refs.entry(a).or_default().insert(b);
                }
                edges.entry(f).or_default().extend(targets.iter().copied());
            }
        }
    }
    let mut seen: BTreeSet<u32> = BTreeSet::new();
    let mut todo = describe_roots;
    while let Some(f) = todo.pop() {
        if !seen.insert(f) {
            continue;
        }
        if let Some(t) = table_refs.get(&f) {
            roots.extend(t.iter().copied());
        }
        if let Some(c) = calls.get(&f) {
            todo.extend(c.iter().copied());
        }
    }
    let paths = names.iter().map(|(i, n)| (*i, path_of(n))).collect();
    Ok(Linked { names, imported_funcs, slots, edges, roots, sizes, paths, direct: calls, loose_data_refs })
}

impl Linked {
    /// The functions reachable from the roots, entering no function whose path starts with
    /// one of `cut` (the split points; `enter` are entered all the same).
    pub fn reach(&self, cut: &[String], enter: &[String]) -> BTreeSet<u32> {
        self.reach_from(cut, enter).0
    }

    /// A route's entry by its record: the functions its first visit ran (`ran`, by path), and
    /// every function those refer to by table slot, directly or through data — the closures,
    /// callbacks and vtables they make, which a timer, a promise or the scheduler may call later
    /// and at another moment on another visit. Never a split point of another route (`cut`,
    /// less `enter`).
    pub fn recorded(&self, cut: &[String], enter: &[String], ran: &BTreeSet<String>) -> BTreeSet<u32> {
        let is_cut =
            |f: &u32| self.paths.get(f).is_some_and(|p| cut.iter().any(|c| p.starts_with(c.as_str())) && !enter.iter().any(|e| p.starts_with(e.as_str())));
        let ran: BTreeSet<u32> = self.paths.iter().filter(|(_, p)| ran.contains(*p)).map(|(i, _)| *i).collect();
        // Not followed: functions the optimiser inlined into a recorded one (what they make:
        // following them costs the school's entry about 8 KB, more than its margin; the
        // record's check rounds catch what they would have).
        let mut out = ran.clone();
        for f in &ran {
            for m in self.edges.get(&Node::Func(*f)).into_iter().flatten() {
                match m {
                    Node::Func(g) if self.direct.get(f).is_none_or(|d| !d.contains(g)) => {
                        out.insert(*g);
                    }
                    Node::Data(_) => {
                        for n in self.edges.get(m).into_iter().flatten() {
                            if let Node::Func(g) = n {
                                out.insert(*g);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        out.into_iter().filter(|f| *f >= self.imported_funcs && !is_cut(f)).collect()
    }

    /// The functions whose path is in `paths`, and the paths of `paths` no function has.
    pub fn missing_paths<'a>(&self, paths: &'a BTreeSet<String>) -> Vec<&'a str> {
        let have: std::collections::HashSet<&str> = self.paths.values().map(String::as_str).collect();
        paths.iter().map(String::as_str).filter(|p| !have.contains(p)).collect()
    }

    /// As [`Linked::reach`], with the node each was first reached from.
    fn reach_from(&self, cut: &[String], enter: &[String]) -> (BTreeSet<u32>, HashMap<Node, Node>) {
        let cut_set: std::collections::HashSet<u32> = self
            .paths
            .iter()
            .filter(|(_, p)| cut.iter().any(|c| p.starts_with(c.as_str())) && !enter.iter().any(|e| p.starts_with(e.as_str())))
            .map(|(i, _)| *i)
            .collect();
        let is_cut = |f: u32| cut_set.contains(&f);
        let mut seen: BTreeSet<Node> = BTreeSet::new();
        let mut parent: HashMap<Node, Node> = HashMap::new();
        let mut todo: std::collections::VecDeque<Node> = self.roots.iter().map(|f| Node::Func(*f)).collect();

        seen.extend(todo.iter().copied());
        while let Some(n) = todo.pop_front() {
            if let Some(out) = self.edges.get(&n) {
                for &m in out {
                    if let Node::Func(f) = m {
                        if is_cut(f) {
                            continue;
                        }
                    }
                    if seen.insert(m) {
                        parent.insert(m, n);
                        todo.push_back(m);
                    }
                }
            }
        }
        let funcs = seen.into_iter().filter_map(|n| if let Node::Func(f) = n { (f >= self.imported_funcs).then_some(f) } else { None }).collect();
        (funcs, parent)
    }

    /// For finding what makes an entry large: its largest functions, and for each function
    /// whose path contains `why`, the chain of references that reaches it.
    pub fn explain(&self, cut: &[String], enter: &[String], top: usize, why: Option<&str>) {
        let (funcs, parent) = self.reach_from(cut, enter);
        let mut by_size: Vec<(usize, u32)> = funcs.iter().map(|f| (self.sizes.get(f).copied().unwrap_or(0), *f)).collect();
        by_size.sort_unstable_by(|a, b| b.cmp(a));
        let total: usize = by_size.iter().map(|x| x.0).sum();
        eprintln!("  {} functions, {total} bytes of code before wasm-opt", funcs.len());
        for (size, f) in by_size.iter().take(top) {
            eprintln!("  {size:>7} {}", self.names.get(f).map(|n| path_of(n)).unwrap_or_default());
        }
        let Some(why) = why else { return };
        let name = |n: &Node| match n {
            Node::Func(f) => self.names.get(f).map(|n| path_of(n)).unwrap_or_else(|| format!("function {f}")),
            Node::Data(d) => format!("data {d}"),
        };
        for f in funcs.iter().filter(|f| self.names.get(f).is_some_and(|n| path_of(n).contains(why))).take(3) {
            eprintln!("  why {}:", name(&Node::Func(*f)));
            let mut n = Node::Func(*f);
            while let Some(p) = parent.get(&n) {
                eprintln!("    <- {}", name(p));
                n = *p;
            }
        }
    }

    /// The functions whose path starts with `path`.
    pub fn named(&self, path: &str) -> Vec<u32> {
        self.names.iter().filter(|(_, n)| path_of(n).starts_with(path)).map(|(i, _)| *i).collect()
    }
}

/// The functions in the table's active element segments: (slot, function index).
fn table_slots(r: wasmparser::ElementSectionReader) -> Result<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for el in r {
        let el = el?;
        let ElementKind::Active { offset_expr, .. } = el.kind else { continue };
        let mut base = None;
        for op in offset_expr.get_operators_reader() {
            if let Operator::I32Const { value } = op? {
                base = Some(u32::try_from(value)?);
            }
        }
        let base = base.context("an element segment's offset is not a constant")?;
        if let ElementItems::Functions(fs) = el.items {
            for (i, f) in fs.into_iter().enumerate() {
                out.push((base + u32::try_from(i)?, f?));
            }
        }
    }
    Ok(out)
}

/// The function names of a name section: (function index, name).
fn function_names(r: wasmparser::NameSectionReader) -> Result<Vec<(u32, String)>> {
    let mut out = Vec::new();
    for n in r {
        if let Name::Function(map) = n? {
            for naming in map {
                let naming = naming?;
                out.push((naming.index, naming.name.to_string()));
            }
        }
    }
    Ok(out)
}

/// The final module: its defined functions (numbered as `split` numbers them), their names,
/// its table's slots and its direct calls.
pub struct Final {
    pub count: usize,
    names: Vec<Option<String>>,
    slots: BTreeMap<u32, usize>,
    calls: Vec<BTreeSet<usize>>,
    exports: BTreeSet<usize>,
}

pub fn read_final(bytes: &[u8]) -> Result<Final> {
    let mut imported = 0u32;
    let mut names_by_index: HashMap<u32, String> = HashMap::new();
    let mut calls: Vec<BTreeSet<usize>> = Vec::new();
    let mut slots = BTreeMap::new();
    let mut exports = BTreeSet::new();
    let mut raw_slots: Vec<(u32, u32)> = Vec::new();
    let mut raw_exports = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    if matches!(imp?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e?;
                    if e.kind == wasmparser::ExternalKind::Func {
                        raw_exports.push(e.index);
                    }
                }
            }
            Payload::ElementSection(r) => raw_slots.extend(table_slots(r)?),
            Payload::CodeSectionEntry(body) => {
                let mut out = BTreeSet::new();
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    match ops.read()? {
                        Operator::Call { function_index } | Operator::ReturnCall { function_index } | Operator::RefFunc { function_index }
                            if function_index >= imported =>
                        {
                            out.insert((function_index - imported) as usize);
                        }
                        _ => {}
                    }
                }
                calls.push(out);
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(r) = c.as_known() {
                    names_by_index.extend(function_names(r)?);
                }
            }
            _ => {}
        }
    }
    if names_by_index.is_empty() {
        bail!("the final module has no function names: optimise it with `wasm-opt -g`");
    }
    for (slot, f) in raw_slots {
        if f >= imported {
            slots.insert(slot, (f - imported) as usize);
        }
    }
    for f in raw_exports {
        if f >= imported {
            exports.insert((f - imported) as usize);
        }
    }
    let count = calls.len();
    let names = (0..count).map(|i| names_by_index.get(&(imported + u32::try_from(i).unwrap_or(u32::MAX))).cloned()).collect();
    Ok(Final { count, names, slots, calls, exports })
}

/// A route's entry in the final module: the numbers of the functions kept whole.
pub struct Entry {
    pub keep: BTreeSet<usize>,
    /// Reachable functions of the linked module found in the final one by name, by slot.
    pub by_name: usize,
    pub by_slot: usize,
}

/// The functions of `fin` to keep whole for a route whose linked functions `reach` are its
/// entry and whose record is `ran`: found by name, by table slot, by the record itself (what
/// wasm-opt or wasm-bindgen made, which the linked module does not have), and then whatever of
/// that kind the kept code calls directly (wasm-opt's merged and outlined pieces).
pub fn entry(linked: &Linked, fin: &Final, reach: &BTreeSet<u32>, ran: &BTreeSet<String>, keep_also: &[String]) -> Entry {
    let reach_names: BTreeSet<String> = reach.iter().filter_map(|f| linked.names.get(f).map(|n| final_name(n))).collect();
    let linked_names: BTreeSet<String> = linked.names.values().map(|n| final_name(n)).collect();
    let made_here = |i: usize| fin.names[i].as_ref().is_none_or(|n| !linked_names.contains(n));
    let mut keep = BTreeSet::new();
    let mut by_name = 0;
    let mut by_slot = 0;
    for (i, n) in fin.names.iter().enumerate() {
        if n.as_ref().is_some_and(|n| {
            let p = final_path(n);
            reach_names.contains(n) || ran.contains(&p) || keep_also.iter().any(|k| p.contains(k.as_str()))
        }) {
            keep.insert(i);
            by_name += 1;
        }
    }
    for (slot, f) in &linked.slots {
        if reach.contains(f) {
            if let Some(&g) = fin.slots.get(slot) {
                if keep.insert(g) {
                    by_slot += 1;
                }
            }
        }
    }
    // The final module's own exports (wasm-bindgen's glue calls them) that the linked module
    // did not have under that name: wasm-bindgen's shims.
    for &e in &fin.exports {
        if made_here(e) {
            keep.insert(e);
        }
    }
    let mut todo: Vec<usize> = keep.iter().copied().collect();
    while let Some(f) = todo.pop() {
        for &g in &fin.calls[f] {
            if made_here(g) && keep.insert(g) {
                todo.push(g);
            }
        }
    }
    Entry { keep, by_name, by_slot }
}

/// Checks that the two modules are the same program: the table's slots hold functions of the
/// same names where both have one.
pub fn check_same(linked: &Linked, fin: &Final) -> Result<(usize, usize)> {
    let mut same = 0;
    let mut differ = 0;
    for (slot, f) in &linked.slots {
        let (Some(a), Some(b)) = (linked.names.get(f), fin.slots.get(slot).and_then(|g| fin.names[*g].as_ref())) else { continue };
        if final_name(a) == *b {
            same += 1;
        } else {
            differ += 1;
        }
    }
    if same == 0 {
        bail!("the final module's table shares no function with the linked module's: they are not the same build");
    }
    Ok((same, differ))
}

/// The final module's defined functions' names, by number.
pub fn final_names(bytes: &[u8]) -> Result<Vec<Option<String>>> {
    Ok(read_final(bytes)?.names)
}
