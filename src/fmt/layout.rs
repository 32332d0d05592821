//! The layout engine: a stream of text, possible line breaks, groups, fills and indentation in;
//! lines of at most [`WIDTH`] columns out (where the text can be broken at all).
//!
//! The model is Wadler's and prettier's, cut down to what a policy needs:
//! - a *group* is printed on one line if it fits (with the text after it up to the next
//!   possible break), otherwise every break directly in it becomes a newline;
//! - a *fill* (a comma-separated list) breaks only where the next item would not fit;
//! - a hard break always breaks, and so do the groups around it: that is how a comment inside
//!   a condition or a JSON object forces it onto several lines.
//!
//! Comments count as zero columns when deciding what fits: a trailing comment always ends its
//! line, so it never pushes code to the next one, and a long comment does not change the
//! layout of the code it annotates. (`pretty` and similar crates have no notion of comments
//! that must end a line, which is why this is written here; it is small.)

/// The widest a line may be, in characters, where the text can be broken.
pub const WIDTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Break {
    /// A space on one line, a newline when broken.
    Space,
    /// Nothing on one line, a newline when broken.
    Soft,
    /// Always a newline; `blank` adds an empty line.
    Hard { blank: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Elem {
    Text(String),
    /// A comment, printed as given (with its leading spaces if it trails code).
    Comment(String),
    Line(Break),
    GroupBegin,
    GroupEnd,
    FillBegin,
    FillEnd,
    /// Indent the lines that start inside by this many more columns.
    NestBegin(usize),
    NestEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
    /// A fill that may break: each of its own breaks is decided where it stands.
    Fill,
}

/// Where each group or fill ends, and whether it holds a hard break (at any depth).
struct Structure {
    end: Vec<usize>,
    hard: Vec<bool>,
}

fn structure(elems: &[Elem]) -> Structure {
    let mut end = vec![elems.len(); elems.len()];
    let mut hard = vec![false; elems.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, elem) in elems.iter().enumerate() {
        match elem {
            Elem::GroupBegin | Elem::FillBegin => open.push(i),
            Elem::GroupEnd | Elem::FillEnd => {
                if let Some(begin) = open.pop() {
                    if let Some(e) = end.get_mut(begin) {
                        *e = i;
                    }
                    let inner_hard = hard.get(begin).copied().unwrap_or(false);
                    if let (true, Some(parent)) = (inner_hard, open.last()) {
                        if let Some(h) = hard.get_mut(*parent) {
                            *h = true;
                        }
                    }
                }
            }
            Elem::Line(Break::Hard { .. }) => {
                if let Some(h) = open.last().and_then(|&top| hard.get_mut(top)) {
                    *h = true;
                }
            }
            _ => {}
        }
    }
    Structure { end, hard }
}

fn width_of(text: &str) -> usize {
    text.chars().count()
}

/// Whether the elements from `start` fit after column `column` when those before `flat_end`
/// are printed on one line, counting what follows `flat_end` up to the next break.
fn fits(elems: &[Elem], start: usize, flat_end: usize, column: usize) -> bool {
    let mut column = column;
    for (i, elem) in elems.iter().enumerate().skip(start) {
        match elem {
            Elem::Text(text) => column += width_of(text),
            Elem::Line(_) if i >= flat_end => return true,
            Elem::Line(Break::Space) => column += 1,
            Elem::Line(Break::Hard { .. }) => return true,
            _ => {}
        }
        if column > WIDTH {
            return false;
        }
    }
    true
}

/// The next break of the fill whose separator is at `separator`, or the end of the fill.
fn next_separator(elems: &[Elem], separator: usize) -> usize {
    let mut depth = 0usize;
    for (i, elem) in elems.iter().enumerate().skip(separator + 1) {
        match elem {
            Elem::GroupBegin | Elem::FillBegin => depth += 1,
            Elem::GroupEnd | Elem::FillEnd => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return i,
            },
            Elem::Line(_) if depth == 0 => return i,
            _ => {}
        }
    }
    elems.len()
}

struct Printer {
    out: String,
    column: usize,
    indents: Vec<usize>,
    /// The indentation of the line just started, written with its first text.
    line_start: Option<usize>,
}

impl Printer {
    fn indent(&self) -> usize {
        self.indents.last().copied().unwrap_or(0)
    }

    fn write(&mut self, text: &str) {
        if let Some(indent) = self.line_start.take() {
            self.out.extend(std::iter::repeat_n(' ', indent));
        }
        self.out.push_str(text);
        self.column += width_of(text);
    }

    fn newline(&mut self, blank: bool) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        self.column = self.indent();
        self.line_start = Some(self.column);
    }
}

/// Prints the stream. The result ends with a newline unless it is empty.
pub(crate) fn render(elems: &[Elem]) -> String {
    let structure = structure(elems);
    let mut printer = Printer {
        out: String::new(),
        column: 0,
        indents: Vec::new(),
        line_start: None,
    };
    let mut modes: Vec<Mode> = Vec::new();
    for (i, elem) in elems.iter().enumerate() {
        match elem {
            Elem::Text(text) | Elem::Comment(text) => printer.write(text),
            Elem::Line(line) => {
                let flat = match line {
                    Break::Hard { .. } => false,
                    _ => match modes.last() {
                        Some(Mode::Flat) => true,
                        Some(Mode::Break) | None => false,
                        Some(Mode::Fill) => fits(
                            elems,
                            i + 1,
                            next_separator(elems, i),
                            printer.column + usize::from(*line == Break::Space),
                        ),
                    },
                };
                match (flat, line) {
                    (true, Break::Space) => printer.write(" "),
                    (true, _) => {}
                    (false, Break::Hard { blank }) => printer.newline(*blank),
                    (false, _) => printer.newline(false),
                }
            }
            Elem::GroupBegin => {
                let mode = if modes.last() == Some(&Mode::Flat) {
                    Mode::Flat
                } else if structure.hard.get(i).copied().unwrap_or(true) {
                    Mode::Break
                } else {
                    let end = structure.end.get(i).copied().unwrap_or(elems.len());
                    if fits(elems, i + 1, end, printer.column) {
                        Mode::Flat
                    } else {
                        Mode::Break
                    }
                };
                modes.push(mode);
            }
            Elem::FillBegin => {
                let mode = if modes.last() == Some(&Mode::Flat) {
                    Mode::Flat
                } else {
                    Mode::Fill
                };
                modes.push(mode);
            }
            Elem::GroupEnd | Elem::FillEnd => {
                modes.pop();
            }
            Elem::NestBegin(n) => {
                let indent = printer.indent() + n;
                printer.indents.push(indent);
            }
            Elem::NestEnd => {
                printer.indents.pop();
            }
        }
    }
    let mut out = printer.out;
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Elem {
        Elem::Text(s.into())
    }

    fn chain(words: &[&str]) -> Vec<Elem> {
        let mut elems = vec![Elem::GroupBegin, Elem::NestBegin(4)];
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                elems.push(Elem::Line(Break::Space));
            }
            elems.push(text(w));
        }
        elems.extend([Elem::NestEnd, Elem::GroupEnd]);
        elems
    }

    #[test]
    fn a_group_that_fits_stays_on_one_line() {
        assert_eq!(render(&chain(&["a", "and b"])), "a and b\n");
    }

    #[test]
    fn a_group_that_does_not_fit_breaks_everywhere() {
        let long = "x".repeat(60);
        let out = render(&chain(&[&long, "and b", &format!("and {long}")]));
        assert_eq!(out, format!("{long}\n    and b\n    and {long}\n"));
    }

    #[test]
    fn a_hard_break_breaks_the_groups_around_it() {
        let mut elems = chain(&["a", "and b"]);
        elems.insert(3, Elem::Comment("  # why".into()));
        elems[4] = Elem::Line(Break::Hard { blank: false });
        assert_eq!(render(&elems), "a  # why\n    and b\n");
    }

    #[test]
    fn a_fill_breaks_only_where_needed() {
        let item = "y".repeat(30);
        let mut elems = vec![Elem::NestBegin(4), Elem::FillBegin];
        for i in 0..4 {
            if i > 0 {
                elems.push(text(","));
                elems.push(Elem::Line(Break::Space));
            }
            elems.push(text(&item));
        }
        elems.extend([Elem::FillEnd, Elem::NestEnd]);
        let out = render(&elems);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].len() <= WIDTH);
        assert!(lines[1].starts_with("    y"));
    }

    #[test]
    fn comments_do_not_count_towards_the_width() {
        let long = "z".repeat(90);
        let mut elems = chain(&["a", "and b"]);
        elems.insert(2, Elem::Comment(format!("# {long}")));
        assert_eq!(render(&elems), format!("# {long}a and b\n"));
    }
}
