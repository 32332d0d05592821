//! `shareguard graph POLICY [--format mermaid|dot|svg] [--recipient NAME] [--out FILE]`

use std::path::PathBuf;

use super::Exit;
use crate::graph::{Graph, dot, mermaid, svg};
use crate::notice::Notice;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy: a .share file, or an IR file from `shareguard compile`.
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// How to draw it.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
    /// Only this recipient.
    #[arg(long, value_name = "NAME")]
    recipient: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// A wording file (Fluent) that replaces the built-in English. See docs/notice.md.
    #[arg(long, value_name = "FILE")]
    words: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum GraphFormat {
    /// A Mermaid flowchart, drawn in place by code-hosting sites.
    Mermaid,
    /// Graphviz's DOT language.
    Dot,
    /// One self-contained SVG picture, laid out by shareguard.
    Svg,
}

pub fn run(args: &Args) -> Exit {
    let words = match super::notice::load_words(args.words.as_deref()) {
        Ok(words) => words,
        Err(exit) => return exit,
    };
    let ir = match super::notice::load(&args.policy, "its data map") {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    if let Some(name) = &args.recipient {
        if let Err(exit) = super::recipient_index(&ir, name) {
            return exit;
        }
    }
    let notice = Notice::build(&ir, &words);
    let graph = Graph::build(&ir, &notice, &words, args.recipient.as_deref());
    let text = match args.format {
        GraphFormat::Mermaid => mermaid::render(&graph, &words),
        GraphFormat::Dot => dot::render(&graph, &words),
        GraphFormat::Svg => svg::render(&graph, &words),
    };
    super::notice::write(args.out.as_deref(), &text)
}
