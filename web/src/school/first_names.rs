//! Pupil ids that look like a person's name: a list of common first names and the check
//! against it, a warning only (the user decides). Ids must be pseudonymous (R2.1): they are kept
//! in the browser and written into every file saved or exported.

const FIRST_NAMES: &[&str] = &[
    "oliver",
    "george",
    "harry",
    "noah",
    "jack",
    "leo",
    "arthur",
    "muhammad",
    "mohammed",
    "oscar",
    "charlie",
    "jacob",
    "thomas",
    "henry",
    "william",
    "james",
    "alfie",
    "joshua",
    "freddie",
    "archie",
    "ethan",
    "isaac",
    "alexander",
    "joseph",
    "edward",
    "samuel",
    "daniel",
    "lucas",
    "logan",
    "theo",
    "olivia",
    "amelia",
    "isla",
    "ava",
    "mia",
    "ivy",
    "lily",
    "isabella",
    "rosie",
    "sophia",
    "grace",
    "willow",
    "freya",
    "florence",
    "emily",
    "ella",
    "poppy",
    "evie",
    "elsie",
    "charlotte",
    "evelyn",
    "sophie",
    "jessica",
    "emma",
    "chloe",
    "ruby",
    "daisy",
    "alice",
    "sienna",
    "harper",
    "jane",
    "john",
    "david",
    "sarah",
    "mary",
    "michael",
    "paul",
    "peter",
    "laura",
    "hannah",
    "lucy",
    "amy",
    "adam",
    "ryan",
    "liam",
    "zara",
    "aisha",
    "fatima",
    "ahmed",
    "megan",
    "jessica",
    "katie",
    "holly",
    "ellie",
    "matthew",
    "luke",
    "callum",
    "kieran",
    "connor",
    "tyler",
];

/// Whether a pupil id looks like a person's name: two or more capitalised words ("Jane
/// Smith", "Smith, Jane"), or a common first name ("olivia", "Noah2"). Only a warning: the
/// user decides; ids must be pseudonymous (R2.1).
pub fn looks_like_name(id: &str) -> bool {
    let words: Vec<&str> = id.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '_' | '/' | ';')).filter(|w| !w.is_empty()).collect();
    let alphabetic = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-');
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_uppercase()) && cs.any(|c| c.is_lowercase())
    };
    if words.iter().filter(|w| alphabetic(w) && capitalised(w)).count() >= 2 {
        return true;
    }
    words.iter().any(|w| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        letters.chars().count() >= 3 && w.chars().filter(|c| c.is_alphabetic()).count() * 2 > w.chars().count() && FIRST_NAMES.contains(&letters.as_str())
    })
}

pub fn name_warning(id: &str) -> String {
    format!(
        "\"{}\" looks like a person's name. Use a made-up id such as P014 instead: ids must never identify a child, \
         because they are kept in this browser and written into every file you save or export.",
        id.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_look_like_names_are_flagged() {
        for id in ["Jane Smith", "Smith, Jane", "olivia", "Noah2", "Mary-Jane O'Neil"] {
            assert!(looks_like_name(id), "{id}");
        }
        for id in ["P001", "EX-01", "SA3", "12345", "pupil 7", "A B"] {
            assert!(!looks_like_name(id), "{id}");
        }
        assert!(name_warning(" Jane Smith ").starts_with("\"Jane Smith\" looks like a person's name"));
    }
}
