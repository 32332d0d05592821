//! "Did you mean ...?" for unknown names, by edit distance with a cut-off.

/// The candidate closest to `name`, if it is close enough to be a likely typo: at most a third
/// of the name's length in edits (at least one), or the same name in another case. Names of
/// one or two characters are too short to tell a typo from another name: only a different
/// case is suggested for them.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = if length < 3 { 0 } else { (length / 3).max(1) };
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(name, candidate)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" or nothing.
pub fn help<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["email", "phone", "address"];
        assert_eq!(did_you_mean("emial", names), Some("email"));
        assert_eq!(did_you_mean("Email", names), Some("email"));
        assert_eq!(did_you_mean("adress", names), Some("address"));
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(did_you_mean("b", ["a", "c"]), None);
        assert_eq!(did_you_mean("A", ["a", "c"]), Some("a"));
    }
}
