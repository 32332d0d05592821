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

/// "did you mean `x`?", or else the names there are (`what` says what they are: "the record's
/// fields"), so a reader without the declaration at hand still sees what can be written.
pub fn help_or_list<'a>(
    name: &str,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    const SHOWN: usize = 12;
    if let Some(help) = help(name, candidates.clone()) {
        return Some(help);
    }
    let names: Vec<&str> = candidates.into_iter().collect();
    if names.is_empty() {
        return None;
    }
    let listed = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(if names.len() > SHOWN {
        format!("{what} include {listed} ({} in all)", names.len())
    } else {
        format!("{what} are: {listed}")
    })
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

    #[test]
    fn lists_the_names_when_none_is_close() {
        let names = ["email", "phone"];
        assert_eq!(
            help_or_list("emial", "the fields", names).as_deref(),
            Some("did you mean `email`?")
        );
        assert_eq!(
            help_or_list("zzz", "the fields", names).as_deref(),
            Some("the fields are: `email`, `phone`")
        );
        assert_eq!(help_or_list("zzz", "the fields", []), None);
    }
}
