//! What the benchmarks share: a generated policy of any size.

#![allow(dead_code, clippy::unwrap_used)]

use std::fmt::Write as _;

/// A realistic policy of about `lines` lines: a wide record, groups, many recipients of every
/// kind with conditions and transforms, top-level rules and examples.
pub fn generated_policy(lines: usize) -> String {
    let mut p = String::new();
    writeln!(p, "policy \"Generated for the benchmark\" {{\n  version \"1\"\n  owner \"legal@example.com\"\n}}\n").unwrap();
    writeln!(p, "category health \"Health information\"\n").unwrap();
    let fields = 120;
    writeln!(p, "record customer key id {{").unwrap();
    writeln!(p, "  id: text [identifier] \"Customer number\"").unwrap();
    writeln!(
        p,
        "  birth_date: date? [demographic, sensitive] \"Date of birth\""
    )
    .unwrap();
    writeln!(
        p,
        "  consent: {{\n    marketing: bool [preference]\n    sale: bool [preference]\n  }}"
    )
    .unwrap();
    writeln!(
        p,
        "  tier: one of \"gold\", \"silver\", \"bronze\" [behavioral]"
    )
    .unwrap();
    for i in 0..fields {
        let (ty, tag) = match i % 4 {
            0 => ("text", "contact"),
            1 => ("number", "financial"),
            2 => ("text?", "location"),
            _ => ("date?", "behavioral"),
        };
        writeln!(p, "  f{i}: {ty} [{tag}] \"Field number {i}\"").unwrap();
    }
    writeln!(
        p,
        "  visits: list of {{\n    brand: text\n    amount: number\n  }} [behavioral]\n}}\n"
    )
    .unwrap();
    for g in 0..20 {
        let members: Vec<String> = (0..5).map(|k| format!("f{}", (g * 3 + k) % 60)).collect();
        writeln!(p, "group g{g} = {}", members.join(", ")).unwrap();
    }
    writeln!(p).unwrap();
    let mut r = 0;
    while p.lines().count() < lines.saturating_sub(40) {
        let kind = ["vendor", "affiliate", "partner", "buyer"][r % 4];
        writeln!(p, "recipient r{r} \"Recipient {r}\" {{").unwrap();
        writeln!(
            p,
            "  kind {kind}\n  purpose \"Purpose of recipient {r}\"\n  contract \"C-{r}\""
        )
        .unwrap();
        if kind == "affiliate" {
            writeln!(p, "  brand \"Brand {r}\"").unwrap();
        }
        // Fields 60 and up cycle through text, number, text?, date? (see the record).
        let base = 60 + (r * 4) % 60;
        writeln!(
            p,
            "  share g{}, f{} as hashed, f{} as rounded to 10",
            r % 20,
            base,
            base + 1
        )
        .unwrap();
        writeln!(
            p,
            "    when consent.marketing and (tier == \"gold\" or age(birth_date) >= 21)"
        )
        .unwrap();
        writeln!(p, "    unless f{} is missing", base + 2).unwrap();
        writeln!(
            p,
            "  share f{} as first 3 when consent.sale and not consent.marketing",
            base + 2
        )
        .unwrap();
        writeln!(
            p,
            "  never share f{} when days_since(f{}) > 365",
            base + 2,
            base + 3
        )
        .unwrap();
        match kind {
            "vendor" => writeln!(p, "  delete after 30 days").unwrap(),
            "partner" | "buyer" => writeln!(
                p,
                "  notify \"We shared your details with recipient {r}\" within 30 days"
            )
            .unwrap(),
            _ => {}
        }
        writeln!(p, "}}\n").unwrap();
        r += 1;
    }
    writeln!(
        p,
        "never share [sensitive] to buyer, partner\nnever share visits to everyone\n"
    )
    .unwrap();
    writeln!(p, "example \"A customer\" {{\n  as of 2026-06-01\n  given {{ \"id\": \"C-1\", \"consent\": {{ \"marketing\": true, \"sale\": false }}, \"tier\": \"gold\", \"visits\": [],").unwrap();
    let values: Vec<String> = (0..fields)
        .filter(|i| i % 4 < 2)
        .map(|i| {
            if i % 4 == 0 {
                format!("\"f{i}\": \"v{i}\"")
            } else {
                format!("\"f{i}\": {i}")
            }
        })
        .collect();
    writeln!(p, "    {} }}", values.join(", ")).unwrap();
    writeln!(p, "  expect r0 gets nothing\n}}").unwrap();
    p
}
