//! The one mapper from an engine error's typed path (R10.5, [`Path`]) to the part of a scenario
//! (R10.3) it names: a year's pot (R2.4), a Community (R2.3) or a school (R2.2), and the keys
//! within it. Each journey's form turns that part into its own field — the Communities' table
//! (`communities::model::field_of`), the school's details (`school::details_check::check_details`) —
//! by matching on the path's segments; no path is read back from its text.

use sen_funding::engine::errors::{Path, Seg};
use sen_funding::engine::Ay;

/// What a scenario error's path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'p> {
    /// `pots.2026/27`: the pot of a year (R2.4).
    Pot(Ay),
    /// `communities[3].indicators.lac`: a Community by its index, and the keys within it
    /// (`["indicators", "lac"]`; none for the record as a whole).
    Community(usize, Vec<&'p str>),
    /// `schools[0].urn`: a school by its index, and the keys within it.
    School(usize, Vec<&'p str>),
}

/// The part of the scenario `path` names; `None` for anything else (the years, the rate card,
/// a pupil of a school: `schools[2].pupils[17].band`).
pub fn part_of(path: &Path) -> Option<Part<'_>> {
    match path.segments() {
        [Seg::Key(k), Seg::Key(ay)] if k == "pots" => Ay::parse(ay).ok().map(Part::Pot),
        [Seg::Key(k), Seg::Index(i), rest @ ..] => {
            let keys = rest
                .iter()
                .map(|s| match s {
                    Seg::Key(k) => Some(k.as_str()),
                    _ => None,
                })
                .collect::<Option<Vec<&str>>>()?;
            match k.as_str() {
                "communities" => Some(Part::Community(*i, keys)),
                "schools" => Some(Part::School(*i, keys)),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_of_a_scenario_is_named_by_its_segments() {
        let p = Path::root().key("communities").index(3).key("indicators").key("idaci").key("A");
        assert_eq!(part_of(&p), Some(Part::Community(3, vec!["indicators", "idaci", "A"])));
        assert_eq!(part_of(&Path::root().key("schools").index(0).key("urn")), Some(Part::School(0, vec!["urn"])));
        assert_eq!(part_of(&Path::root().key("schools").index(2)), Some(Part::School(2, vec![])));
        // A key that holds a `/` or a `.` is one key: it is never split from a text.
        assert_eq!(part_of(&Path::root().key("pots").key("2026/27")), Some(Part::Pot(Ay(2026))));
        assert_eq!(part_of(&Path::root().key("schools").index(0).key("a.b")), Some(Part::School(0, vec!["a.b"])));
        for other in [
            Path::root().key("schools").index(2).key("pupils").index(17).key("band"),
            Path::root().key("years").index(0),
            Path::root().key("rate_card").key("bands").index(0),
            Path::root().key("pots").key("next year"),
            Path::root().key("pots"),
            Path::root(),
        ] {
            assert_eq!(part_of(&other), None, "{other}");
        }
    }
}
