//! The abstract evaluation of conditions: which truth values conditions can take over every
//! valid record and evaluation date, and made-up records that show it.
//!
//! A [`Space`] is built from the conditions of one or more [`Program`]s over one record
//! declaration. Each field the conditions read gets finitely many values ([`cells`]): one per
//! stretch of values on which every condition reading it behaves the same, plus *missing* for
//! a field a valid record may lack. The evaluation date is a dimension too, partitioned by the
//! dates `today` is compared with. A choice of one value per dimension is a [`Point`]: a
//! [`Record`] the one evaluator ([`Program::eval`]) reads like any other, so that what is found
//! here is what `apply` does.
//!
//! [`Space::search`] walks the points depth first for one that satisfies a [`Goal`] (a
//! predicate over the values of some conditions, of one program or of two), pruning whole
//! subtrees by three-valued evaluation over sets ([`Partial::truths`]): once the values chosen
//! so far decide that no completion can satisfy the goal, none is tried. Within a [`Budget`]
//! the walk is exhaustive, and "not found" is a proof. Beyond it, random and guided sampling
//! take over and the result says it is not proved. [`Space::truths`] answers the most common
//! question with it: the truth values one condition can take, optionally with some fields
//! constrained ([`Constraint`]). [`Space::realize`] turns a point into a complete, valid JSON
//! record (realistic where the conditions leave freedom, from sample records the caller gives)
//! and its evaluation date.
//!
//! The partition is exact for fields compared with literals, with each other, through `lower`,
//! `count`, and dates through `age` or `days_since` (but not both); what it samples instead is
//! listed in [`Space::notes`], and every result built on such a space is not proved.
//!
//! `constant-condition`, the semantic sale lint, `never-on-unknown` and `diff` are built on
//! this; nothing here knows about recipients or rules.

mod cells;
mod search;
mod truths;
mod uses;
mod witness;

use std::borrow::Cow;

use chrono::NaiveDate;

use super::eval::{CondId, Node, Program, Record};
use super::schema::{FieldId, Schema};
use super::value::{Truth, Val};
use crate::ir::FieldType;

pub use search::{Budget, Goal, Partial, Search};
pub use truths::TruthSet;
pub use witness::Witness;

/// A condition of one of the space's programs: the program's position, and the condition.
pub type CondRef = (usize, CondId);

/// What a field is held to, for questions about some records only.
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// The field is missing.
    Missing(FieldId),
    /// The field holds a value.
    Present(FieldId),
    /// The field holds one of these values.
    OneOf(FieldId, Vec<Val<'static>>),
}

impl Constraint {
    fn field(&self) -> FieldId {
        match self {
            Constraint::Missing(f) | Constraint::Present(f) | Constraint::OneOf(f, _) => *f,
        }
    }
}

/// What varies between the points of a space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// The evaluation date.
    Today,
    /// Whether an optional field (or object) is there.
    Presence(FieldId),
    /// The values of fields compared with each other (usually one field).
    Values(Vec<FieldId>),
}

/// One value of a dimension.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// An evaluation date.
    Today(NaiveDate),
    /// There or not.
    Present(bool),
    /// One value per field of the dimension.
    Values(Vec<Val<'static>>),
}

#[derive(Clone, Debug)]
struct Dim {
    kind: Dimension,
    /// Per evaluation date (by position): the cells.
    cells: Vec<Vec<Cell>>,
}

/// Which dimensions decide a field.
#[derive(Clone, Debug, Default)]
struct Facts {
    /// The presence dimensions of the optional fields on its path (itself included),
    /// outermost first.
    presence: Vec<usize>,
    /// The dimension holding its value, and its position there.
    value: Option<(usize, usize)>,
}

/// What a compiled condition reads, when it is not made of other conditions.
#[derive(Clone, Debug, Default)]
struct Atom {
    values: Vec<FieldId>,
    presence: Vec<FieldId>,
    /// Its possible values over the whole space.
    truths: TruthSet,
}

/// The points of a record declaration and some programs' conditions. See the module's
/// documentation.
#[derive(Clone, Debug)]
pub struct Space<'s> {
    schema: &'s Schema,
    programs: Vec<&'s Program>,
    dims: Vec<Dim>,
    facts: Vec<Facts>,
    /// Per program, per condition: what it reads, if it is an atom.
    atoms: Vec<Vec<Option<Atom>>>,
    constraints: Vec<Constraint>,
    reference: NaiveDate,
    notes: Vec<String>,
}

/// One choice of values: a record the evaluator reads, and its evaluation date.
#[derive(Clone, Debug)]
pub struct Point {
    today: usize,
    date: NaiveDate,
    /// Per dimension: the chosen cell.
    choice: Vec<Option<usize>>,
    /// Per field: its value, when the value dimension holding it is chosen.
    values: Vec<Option<Val<'static>>>,
    /// Per field with a presence dimension: whether it is there, when chosen.
    there: Vec<Option<bool>>,
    /// Per field: the presence dimensions on its path (copied from the space).
    paths: std::sync::Arc<Vec<Vec<FieldId>>>,
}

impl Record for Point {
    fn value(&self, field: FieldId) -> Option<Val<'_>> {
        if !self.present(field) {
            return None;
        }
        match self.values.get(field.index())? {
            Some(Val::Text(t)) => Some(Val::Text(Cow::Borrowed(t))),
            Some(v) => Some(v.clone()),
            None => None,
        }
    }

    fn present(&self, field: FieldId) -> bool {
        self.paths.get(field.index()).is_none_or(|path| {
            path.iter()
                .all(|f| self.there.get(f.index()).copied().flatten() != Some(false))
        })
    }
}

impl Point {
    /// The evaluation date.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The cell chosen for dimension `dim`, by position.
    pub fn choice(&self, dim: usize) -> Option<usize> {
        self.choice.get(dim).copied().flatten()
    }

    /// Whether the field is known to be there (`Some(true)`), known to be missing, or not yet
    /// decided.
    pub fn presence(&self, field: FieldId) -> Option<bool> {
        let path = self.paths.get(field.index())?;
        let mut known = true;
        for f in path {
            match self.there.get(f.index()).copied().flatten() {
                Some(false) => return Some(false),
                Some(true) => {}
                None => known = false,
            }
        }
        known.then_some(true)
    }
}

/// The truth values a condition can take, and records that show each.
#[derive(Clone, Debug)]
pub struct Possible {
    /// The values found.
    pub truths: TruthSet,
    /// Whether the search was exhaustive: a value left out never happens.
    pub proved: bool,
    /// A point for each value found.
    pub examples: Vec<(Truth, Point)>,
}

impl<'s> Space<'s> {
    /// The space of the conditions of `programs` (all compiled against `schema`), with
    /// `constraints` on every point, and `reference` as the evaluation date where any will do.
    pub fn new(
        schema: &'s Schema,
        programs: &[&'s Program],
        constraints: &[Constraint],
        reference: NaiveDate,
    ) -> Space<'s> {
        let extra: Vec<(FieldId, Val<'static>)> = constraints
            .iter()
            .flat_map(|c| match c {
                Constraint::OneOf(f, values) => values.iter().map(|v| (*f, v.clone())).collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut uses = uses::Uses::of(programs, &extra);
        for c in constraints {
            uses.fields.entry(c.field()).or_default().presence = true;
        }
        let mut space = Space {
            schema,
            programs: programs.to_vec(),
            dims: Vec::new(),
            facts: vec![Facts::default(); schema.ids().count()],
            atoms: Vec::new(),
            constraints: constraints.to_vec(),
            reference,
            notes: Vec::new(),
        };
        space.build(&uses);
        space.atoms = programs.iter().map(|p| space.atoms_of(p)).collect();
        space
    }

    /// Why results on this space are not proved, if they are not: what the partition samples.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Whether every result on this space that finishes within its budget is proved.
    pub fn exact(&self) -> bool {
        self.notes.is_empty()
    }

    /// The record declaration.
    pub fn schema(&self) -> &Schema {
        self.schema
    }

    /// The dimensions: the evaluation date first.
    pub fn dimensions(&self) -> impl Iterator<Item = &Dimension> {
        self.dims.iter().map(|d| &d.kind)
    }

    /// The cells of dimension `dim` on the evaluation date at position `today`.
    pub fn cells(&self, dim: usize, today: usize) -> &[Cell] {
        self.dims
            .get(dim)
            .and_then(|d| d.cells.get(today).or_else(|| d.cells.first()))
            .map_or(&[], Vec::as_slice)
    }

    /// The number of points, or `u128::MAX` when that overflows.
    pub fn size(&self) -> u128 {
        let today = self.dims.first().map_or(1, |d| d.cells.len().max(1));
        let mut total: u128 = 0;
        for t in 0..today {
            let mut product: u128 = 1;
            for dim in 1..self.dims.len() {
                product = product.saturating_mul(self.cells(dim, t).len().max(1) as u128);
            }
            total = total.saturating_add(product);
        }
        total
    }

    fn build(&mut self, uses: &uses::Uses) {
        // Fields compared with each other share a dimension.
        let groups = groups(uses);
        let coupled = groups.iter().any(|g| {
            g.iter().any(|f| {
                let ty = self.schema.field(*f).map(|x| &x.ty);
                let u = uses.fields.get(f);
                matches!(ty, Some(FieldType::Date))
                    && u.is_some_and(|u| {
                        u.relative()
                            && (!u.literals.is_empty()
                                || !u.partners.is_empty()
                                || (!u.ages.is_empty() && !u.days.is_empty()))
                    })
            })
        });
        let todays = cells::today_values(&uses.today, self.reference, coupled);
        self.dims.push(Dim {
            kind: Dimension::Today,
            cells: vec![todays.iter().map(|d| Cell::Today(*d)).collect()],
        });
        // Presence: every optional field on the path of a field read.
        let mut optional: Vec<FieldId> = Vec::new();
        for field in uses.fields.keys() {
            for f in self.path(*field) {
                if self.schema.info(f).is_some_and(|i| i.optional) && !optional.contains(&f) {
                    optional.push(f);
                }
            }
        }
        optional.sort();
        for f in &optional {
            self.dims.push(Dim {
                kind: Dimension::Presence(*f),
                cells: vec![vec![Cell::Present(true), Cell::Present(false)]],
            });
        }
        // Every field, read or not, is missing when an optional field above it is.
        let ids: Vec<FieldId> = self.schema.ids().collect();
        for field in ids {
            let presence = self
                .path(field)
                .into_iter()
                .filter_map(|f| optional.iter().position(|o| *o == f).map(|p| p + 1))
                .collect();
            if let Some(facts) = self.facts.get_mut(field.index()) {
                facts.presence = presence;
            }
        }
        for group in groups {
            self.add_values(&group, uses, &todays);
        }
    }

    /// The field and the objects it is inside, outermost first.
    fn path(&self, field: FieldId) -> Vec<FieldId> {
        let mut out = vec![field];
        let mut at = field;
        while let Some(parent) = self.schema.info(at).and_then(|i| i.parent) {
            out.push(parent);
            at = parent;
        }
        out.reverse();
        out
    }

    fn add_values(&mut self, group: &[FieldId], uses: &uses::Uses, todays: &[NaiveDate]) {
        // The literals of every field of a group are boundaries for each of them.
        let mut merged = uses::FieldUse::default();
        for f in group {
            if let Some(u) = uses.fields.get(f) {
                merged.value |= u.value;
                merged.literals.extend(u.literals.iter().cloned());
                merged.lowered.extend(u.lowered.iter().cloned());
                merged.ages.extend(u.ages.iter().copied());
                merged.days.extend(u.days.iter().copied());
                merged.counts.extend(u.counts.iter().copied());
                merged.partners.extend(u.partners.iter().copied());
                merged.odd |= u.odd;
            }
        }
        if !merged.value {
            return;
        }
        let mut plans = Vec::new();
        for f in group {
            let Some(field) = self.schema.field(*f) else {
                continue;
            };
            let path = self.schema.info(*f).map_or("", |i| i.path.as_str());
            let (plan, inexact) = cells::plan(&field.ty, &merged, group.len(), path);
            if let Some(note) = inexact {
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
            plans.push((*f, plan));
        }
        let dim = self.dims.len();
        let mut per_today = Vec::new();
        for on in todays {
            let values: Vec<Vec<Val<'static>>> = plans.iter().map(|(_, p)| p.values(*on)).collect();
            per_today.push(product(&values).into_iter().map(Cell::Values).collect());
        }
        for (position, (f, _)) in plans.iter().enumerate() {
            if let Some(facts) = self.facts.get_mut(f.index()) {
                facts.value = Some((dim, position));
            }
        }
        self.dims.push(Dim {
            kind: Dimension::Values(plans.iter().map(|(f, _)| *f).collect()),
            cells: per_today,
        });
    }

    fn atoms_of(&self, program: &Program) -> Vec<Option<Atom>> {
        let mut out: Vec<Option<Atom>> = Vec::new();
        for id in program.ids() {
            let atom = match program.node(id) {
                Some(Node::IsTrue(f)) => Some(Atom {
                    values: vec![*f],
                    ..Atom::default()
                }),
                Some(Node::Missing(f) | Node::Present(f)) => Some(Atom {
                    presence: vec![*f],
                    ..Atom::default()
                }),
                Some(Node::Compare(_, l, r)) => Some(Atom {
                    values: operand_fields(l)
                        .into_iter()
                        .chain(operand_fields(r))
                        .collect(),
                    ..Atom::default()
                }),
                Some(Node::In(op, _, _)) => Some(Atom {
                    values: operand_fields(op),
                    ..Atom::default()
                }),
                Some(Node::Constant(_) | Node::Not(_) | Node::And(_) | Node::Or(_)) | None => None,
            };
            out.push(atom.map(|mut a| {
                a.truths = self.atom_truths(program, id, &a);
                a
            }));
        }
        out
    }

    /// Every value an atom takes over the whole space, by trying every point of its own
    /// dimensions.
    fn atom_truths(&self, program: &Program, id: CondId, atom: &Atom) -> TruthSet {
        let mut dims: Vec<usize> = Vec::new();
        for f in atom.values.iter().chain(&atom.presence) {
            if let Some(facts) = self.facts.get(f.index()) {
                dims.extend(facts.presence.iter().copied());
                if atom.values.contains(f) {
                    dims.extend(facts.value.map(|(d, _)| d));
                }
            }
        }
        dims.sort_unstable();
        dims.dedup();
        let mut found = TruthSet::EMPTY;
        let mut memo = program.memo();
        self.enumerate(&dims, &mut |point| {
            memo.reset(program.len());
            found.insert(program.eval(id, point, point.date, &mut memo));
        });
        found
    }

    /// An empty point on the evaluation date at position `today`.
    pub fn point(&self, today: usize) -> Point {
        let date = match self.cells(0, 0).get(today) {
            Some(Cell::Today(d)) => *d,
            _ => self.reference,
        };
        let mut choice = vec![None; self.dims.len()];
        if let Some(slot) = choice.first_mut() {
            *slot = Some(today);
        }
        let paths = self
            .facts
            .iter()
            .map(|f| {
                f.presence
                    .iter()
                    .filter_map(|d| match self.dims.get(*d).map(|d| &d.kind) {
                        Some(Dimension::Presence(p)) => Some(*p),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        Point {
            today,
            date,
            choice,
            values: vec![None; self.facts.len()],
            there: vec![None; self.facts.len()],
            paths: std::sync::Arc::new(paths),
        }
    }

    /// Chooses cell `cell` of dimension `dim` (not the evaluation date) in `point`.
    pub fn assign(&self, point: &mut Point, dim: usize, cell: usize) {
        let Some(chosen) = self.cells(dim, point.today).get(cell) else {
            return;
        };
        if let Some(slot) = point.choice.get_mut(dim) {
            *slot = Some(cell);
        }
        match (self.dims.get(dim).map(|d| &d.kind), chosen) {
            (Some(Dimension::Presence(f)), Cell::Present(b)) => {
                if let Some(slot) = point.there.get_mut(f.index()) {
                    *slot = Some(*b);
                }
            }
            (Some(Dimension::Values(fields)), Cell::Values(values)) => {
                for (f, v) in fields.iter().zip(values) {
                    if let Some(slot) = point.values.get_mut(f.index()) {
                        *slot = Some(v.clone());
                    }
                }
            }
            _ => {}
        }
    }

    /// Forgets the choice for dimension `dim` in `point`.
    pub fn unassign(&self, point: &mut Point, dim: usize) {
        if let Some(slot) = point.choice.get_mut(dim) {
            *slot = None;
        }
        match self.dims.get(dim).map(|d| &d.kind) {
            Some(Dimension::Presence(f)) => {
                if let Some(slot) = point.there.get_mut(f.index()) {
                    *slot = None;
                }
            }
            Some(Dimension::Values(fields)) => {
                for f in fields {
                    if let Some(slot) = point.values.get_mut(f.index()) {
                        *slot = None;
                    }
                }
            }
            _ => {}
        }
    }

    /// Calls `visit` on every point of the dimensions `dims` (others left unchosen), on
    /// every evaluation date.
    pub fn enumerate(&self, dims: &[usize], visit: &mut dyn FnMut(&Point)) {
        let todays = self
            .dims
            .first()
            .map_or(1, |d| d.cells.first().map_or(1, Vec::len));
        for t in 0..todays {
            let mut point = self.point(t);
            self.enumerate_from(&mut point, dims, visit);
        }
    }

    fn enumerate_from(&self, point: &mut Point, dims: &[usize], visit: &mut dyn FnMut(&Point)) {
        let Some((first, rest)) = dims.split_first() else {
            visit(point);
            return;
        };
        if *first == 0 {
            self.enumerate_from(point, rest, visit);
            return;
        }
        for cell in 0..self.cells(*first, point.today).len() {
            self.assign(point, *first, cell);
            self.enumerate_from(point, rest, visit);
        }
        self.unassign(point, *first);
    }

    /// The dimensions that decide the conditions `conditions` and the presence of `fields`,
    /// and those the space's constraints read: the evaluation date first.
    pub fn dims_for(&self, conditions: &[CondRef], fields: &[FieldId]) -> Vec<usize> {
        let mut out = vec![0];
        let add_field = |f: FieldId, value: bool, out: &mut Vec<usize>| {
            if let Some(facts) = self.facts.get(f.index()) {
                out.extend(facts.presence.iter().copied());
                if value {
                    out.extend(facts.value.map(|(d, _)| d));
                }
            }
        };
        for (program, id) in conditions {
            let mut stack = vec![*id];
            let mut seen = Vec::new();
            while let Some(c) = stack.pop() {
                if seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                match self.programs.get(*program).and_then(|p| p.node(c)) {
                    Some(Node::Not(a)) => stack.push(*a),
                    Some(Node::And(args) | Node::Or(args)) => stack.extend(args.iter().copied()),
                    _ => {
                        if let Some(Some(atom)) =
                            self.atoms.get(*program).and_then(|a| a.get(c.index()))
                        {
                            for f in &atom.values {
                                add_field(*f, true, &mut out);
                            }
                            for f in &atom.presence {
                                add_field(*f, false, &mut out);
                            }
                        }
                    }
                }
            }
        }
        for f in fields {
            add_field(*f, true, &mut out);
        }
        for c in &self.constraints {
            add_field(c.field(), true, &mut out);
        }
        // Presence before values, so that a value is not chosen for a field known missing.
        let mut rest: Vec<usize> = out.into_iter().filter(|d| *d != 0).collect();
        rest.sort_unstable();
        rest.dedup();
        let (presence, values): (Vec<usize>, Vec<usize>) = rest.into_iter().partition(|d| {
            matches!(
                self.dims.get(*d).map(|d| &d.kind),
                Some(Dimension::Presence(_))
            )
        });
        let mut values = values;
        values.sort_by_key(|d| self.cells(*d, 0).len());
        let mut order = vec![0];
        order.extend(presence);
        order.extend(values);
        order
    }

    /// The dimension holding a field's value, if the conditions read it.
    pub fn value_dim(&self, field: FieldId) -> Option<usize> {
        self.facts.get(field.index())?.value.map(|(d, _)| d)
    }

    /// The presence dimensions on a field's path.
    pub fn presence_dims(&self, field: FieldId) -> &[usize] {
        self.facts
            .get(field.index())
            .map_or(&[], |f| f.presence.as_slice())
    }

    /// What a dimension is.
    pub fn dimension(&self, dim: usize) -> Option<&Dimension> {
        self.dims.get(dim).map(|d| &d.kind)
    }

    /// The truth values condition `cond` of program `program` can take on the points of the
    /// space (which hold its constraints).
    pub fn truths(&self, program: usize, cond: CondId, budget: &mut Budget) -> Possible {
        let mut truths = TruthSet::EMPTY;
        let mut proved = true;
        let mut examples = Vec::new();
        for wanted in Truth::ALL {
            let Some(code) = self.program(program) else {
                break;
            };
            let mut goal = search::Equals {
                program: code,
                cond: (program, cond),
                wanted,
            };
            let found = self.search(&mut goal, budget);
            proved &= found.complete;
            if let Some(point) = found.point {
                truths.insert(wanted);
                examples.push((wanted, point));
            }
        }
        Possible {
            truths,
            proved: proved && self.exact(),
            examples,
        }
    }

    fn program(&self, index: usize) -> Option<&'s Program> {
        self.programs.get(index).copied()
    }

    fn atom(&self, cond: CondRef) -> Option<&Atom> {
        self.atoms.get(cond.0)?.get(cond.1.index())?.as_ref()
    }
}

/// The fields an operand reads.
fn operand_fields(op: &super::eval::Opnd) -> Vec<FieldId> {
    match op {
        super::eval::Opnd::Field(f) => vec![*f],
        super::eval::Opnd::Call(_, arg) => operand_fields(arg),
        super::eval::Opnd::Literal(_) | super::eval::Opnd::Today => Vec::new(),
    }
}

/// Fields compared with each other, in groups; each field read alone is a group of one.
fn groups(uses: &uses::Uses) -> Vec<Vec<FieldId>> {
    let mut out: Vec<Vec<FieldId>> = Vec::new();
    for field in uses.fields.keys() {
        if out.iter().any(|g| g.contains(field)) {
            continue;
        }
        let mut group = vec![*field];
        let mut i = 0;
        while let Some(f) = group.get(i).copied() {
            if let Some(u) = uses.fields.get(&f) {
                for p in &u.partners {
                    if !group.contains(p) {
                        group.push(*p);
                    }
                }
            }
            i += 1;
        }
        group.sort();
        out.push(group);
    }
    out
}

/// Every combination of one value from each list.
fn product(lists: &[Vec<Val<'static>>]) -> Vec<Vec<Val<'static>>> {
    let mut out: Vec<Vec<Val<'static>>> = vec![Vec::new()];
    for list in lists {
        let mut next = Vec::with_capacity(out.len() * list.len());
        for prefix in &out {
            for v in list {
                let mut row = prefix.clone();
                row.push(v.clone());
                next.push(row);
            }
        }
        out = next;
    }
    out
}

#[cfg(test)]
mod tests;
