//! `docs/lints.md`, generated from the lint table. A test compares the file with
//! [`markdown`]; `UPDATE_DOCS=1 cargo test --test it lint` rewrites it.

use super::LINTS;

const INTRO: &str = "\
Lints are warnings about a policy that is valid but may not do what its authors, or the \
people whose data it is, would want. `shareguard check` reports them after the errors; they \
do not stop `compile`, `apply` or `test`. Each has a stable name, used as its code in every \
output format.

## Silencing and promoting lints

An `allow` line silences one lint, with a reason for the people who review the policy:

```text
allow untested-recipient \"examples for the new bank partner are in review\"   # whole policy

recipient harbor_bank \"First Harbor Bank\" {
  kind partner
  allow recipient-without-notice \"the bank's card application tells customers\"  # this recipient
  share contact_details when consent.cobrand and age(birth_date) >= 18
  share birth_date when consent.cobrand and age(birth_date) >= 18
    allow sensitive-shared-raw \"the bank must verify the applicant's identity\"  # this rule only
}
```

An `allow` at the top level applies to the whole policy; one among a recipient's lines to the \
recipient and all its rules; one right after a `share` or `never` rule to that rule only. An \
`allow` that silences nothing is itself reported (`unused-allow`), so that exceptions do not \
outlive the problem they excused.

On the command line, `shareguard check` takes:

- `--allow NAME`: silence a lint in every file checked;
- `--deny NAME`: report a lint as an error, so `check` exits with 1;
- `--deny-warnings`: exit with 1 when any warning is left;
- `--list-lints`: print every lint's name and summary.

An unknown lint name on the command line is a usage error (exit 2). A reviewed `allow` in the \
policy wins over `--deny`: the exception was written down with its reason.

| lint | finds |
|---|---|
";

/// The whole of `docs/lints.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Lints\n\n<!-- Generated from the lint table in src/lint/mod.rs and each lint's `//!` \
         comment. Do not edit: run `UPDATE_DOCS=1 cargo test --test it lint`. -->\n\n",
    );
    out.push_str(INTRO);
    for lint in LINTS {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} |\n",
            lint.name,
            lint.summary.replace('|', "\\|")
        ));
    }
    for lint in LINTS {
        out.push_str(&format!("\n## `{}`\n\n", lint.name));
        out.push_str(&format!("*{}.*\n\n", lint.summary));
        out.push_str(&lint.documentation());
    }
    out
}

/// `check --list-lints`: one line per lint, names aligned.
pub fn list() -> String {
    let width = LINTS.iter().map(|l| l.name.len()).max().unwrap_or(0);
    LINTS
        .iter()
        .map(|l| format!("{:width$}  {}\n", l.name, l.summary))
        .collect()
}
