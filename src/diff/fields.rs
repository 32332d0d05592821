//! For one recipient and each leaf field: the records (and dates) on which the two policies
//! send the field differently, searched in the space of both policies' conditions.
//!
//! A leaf reaches a recipient on a record when the record holds it and the recipient's rules
//! grant it (`semantics::decision::resolve`, the same function `apply` decides with). Leaves
//! that the same rules name, in the same forms, on the same kind of path, are searched once.
//! Three questions per group: is there a record the old policy does not send it on and the new
//! one does (widened), the other way round (narrowed), and, when the forms differ, one both
//! send it on (the form changed there). A list of objects is also sent, possibly empty, when
//! any field inside it is granted: that is compared too, where no field inside it changed.

use std::collections::BTreeMap;

use super::super::semantics::decision::{
    RecipientRules, Rules, never_applies, resolve, share_status,
};
use super::super::semantics::eval::{CondId, Memo};
use super::super::semantics::outcomes::{Budget, CondRef, Goal, Partial, Point, Space};
use super::super::semantics::schema::{FieldId, Schema};
use super::super::semantics::value::{Truth, Val};
use crate::ir::{FieldType, Form, Recipient};

/// One policy's side of the comparison.
#[derive(Clone, Copy, Debug)]
pub(super) struct Side<'a> {
    /// Its program's position in the space.
    pub program: usize,
    pub rules: &'a Rules,
    /// The recipient, with its position, when this policy has it.
    pub recipient: Option<(usize, &'a Recipient)>,
}

impl Side<'_> {
    fn compiled(&self) -> Option<&RecipientRules> {
        self.rules.recipients.get(self.recipient?.0)
    }
}

/// Which of a recipient's rules name a leaf, and the form it is shared in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Cover {
    shares: Vec<usize>,
    nevers: Vec<usize>,
    form: Option<String>,
}

fn cover(side: &Side<'_>, leaf: &str) -> (Cover, Option<Form>) {
    let Some((_, recipient)) = side.recipient else {
        return (Cover::default(), None);
    };
    let mut out = Cover::default();
    let mut form = None;
    for (i, rule) in recipient.shares.iter().enumerate() {
        for item in &rule.items {
            if item.fields.iter().any(|f| f == leaf) {
                if !out.shares.contains(&i) {
                    out.shares.push(i);
                }
                form.get_or_insert_with(|| item.form.clone());
            }
        }
    }
    // A `never ... raw` covers the leaf only when it is shared untransformed (one form per
    // field and recipient), as `semantics::decision::resolve` decides.
    let shared_raw = form.as_ref().is_none_or(|f| *f == Form::Raw);
    for (i, rule) in recipient.nevers.iter().enumerate() {
        if rule.fields.iter().any(|f| f == leaf) && (!rule.raw || shared_raw) {
            out.nevers.push(i);
        }
    }
    out.form = form.as_ref().map(|f| f.to_string());
    (out, form)
}

/// A point that shows a difference, and the dimensions it shows it through.
#[derive(Clone, Debug)]
pub(super) struct Hit {
    pub point: Point,
    pub deciding: Vec<usize>,
}

/// What the search found for a group of leaves.
#[derive(Clone, Debug)]
pub(super) struct Found {
    /// The leaves (declaration order).
    pub leaves: Vec<FieldId>,
    pub old_form: Option<Form>,
    pub new_form: Option<Form>,
    /// A point where only the new policy sends them.
    pub widened: Option<Hit>,
    /// A point where only the old policy sends them.
    pub narrowed: Option<Hit>,
    /// A point where both send them, in different forms.
    pub reformed: Option<Hit>,
    /// Whether the list (not a leaf) is what differs: sent, possibly empty, by one only.
    pub list: bool,
    /// Whether every search was exhaustive.
    pub complete: bool,
}

/// Leaves decided alike, with the form each policy shares them in.
type Leaves = (Vec<FieldId>, Option<Form>, Option<Form>);

/// Compares what one recipient gets under both policies, field by field.
pub(super) fn compare(
    space: &Space<'_>,
    old: &Side<'_>,
    new: &Side<'_>,
    budget: &mut Budget,
) -> Vec<Found> {
    let schema = space.schema();
    // Leaves by what decides them.
    let mut groups: BTreeMap<(Cover, Cover, Vec<usize>), Leaves> = BTreeMap::new();
    for &leaf in schema.leaf_ids() {
        let Some(path) = schema.info(leaf).map(|i| i.path.clone()) else {
            continue;
        };
        let (old_cover, old_form) = cover(old, &path);
        let (new_cover, new_form) = cover(new, &path);
        if old_cover.shares.is_empty() && new_cover.shares.is_empty() {
            continue;
        }
        let shape = path_dims(space, leaf, false);
        let entry = groups
            .entry((old_cover, new_cover, shape))
            .or_insert_with(|| (Vec::new(), old_form, new_form));
        entry.0.push(leaf);
    }
    let mut out: Vec<Found> = Vec::new();
    for ((old_cover, new_cover, _), (leaves, old_form, new_form)) in groups {
        let Some(&leaf) = leaves.first() else {
            continue;
        };
        if old_form == new_form && same_rules(old, &old_cover, new, &new_cover) {
            // The same conditions decide it on both sides: nothing to search.
            continue;
        }
        let search = |want: (bool, bool), budget: &mut Budget| {
            let mut table = Table::default();
            let (old_grant, new_grant) = (
                Grant::new(old, &old_cover, &mut table),
                Grant::new(new, &new_cover, &mut table),
            );
            let mut goal = Differs {
                space,
                table,
                old: old_grant,
                new: new_grant,
                seen: Seen::Leaf(leaf, path_of(schema, leaf)),
                want,
            };
            let found = space.search(&mut goal, budget);
            let hit = found.point.map(|point| Hit {
                deciding: space.deciding(&mut goal, &point),
                point,
            });
            (hit, found.complete)
        };
        let (widened, w_complete) = search((false, true), budget);
        let (narrowed, n_complete) = search((true, false), budget);
        let mut complete = w_complete && n_complete;
        let reformed = if old_form.is_some() && new_form.is_some() && old_form != new_form {
            let (hit, c) = search((true, true), budget);
            complete &= c;
            hit
        } else {
            None
        };
        out.push(Found {
            leaves,
            old_form,
            new_form,
            widened,
            narrowed,
            reformed,
            list: false,
            complete,
        });
    }
    out.extend(lists(space, old, new, &out, budget));
    out.sort_by_key(|f| f.leaves.first().copied());
    out
}

/// Lists of objects whose fields did not change one by one, compared as lists: one policy
/// may send the list (empty, or with elements that hold nothing it grants) where the other
/// does not.
fn lists(
    space: &Space<'_>,
    old: &Side<'_>,
    new: &Side<'_>,
    found: &[Found],
    budget: &mut Budget,
) -> Vec<Found> {
    let schema = space.schema();
    let mut out = Vec::new();
    for list in schema.ids() {
        let is_list_of_objects = schema.field(list).is_some_and(|f| {
            matches!(&f.ty, FieldType::List { element } if matches!(element.as_ref(), FieldType::Object { .. }))
        });
        if !is_list_of_objects {
            continue;
        }
        let Some(prefix) = schema.info(list).map(|i| format!("{}.", i.path)) else {
            continue;
        };
        let under: Vec<FieldId> = schema
            .leaf_ids()
            .iter()
            .copied()
            .filter(|l| schema.info(*l).is_some_and(|i| i.path.starts_with(&prefix)))
            .collect();
        let named: Vec<&Found> = found
            .iter()
            .filter(|f| f.leaves.iter().any(|l| under.contains(l)))
            .collect();
        if named.is_empty()
            || named
                .iter()
                .any(|f| f.widened.is_some() || f.narrowed.is_some())
        {
            continue;
        }
        let covers = |side: &Side<'_>| -> Vec<Cover> {
            under
                .iter()
                .filter_map(|l| schema.info(*l))
                .map(|i| cover(side, &i.path).0)
                .filter(|c| !c.shares.is_empty())
                .collect()
        };
        let alike = under.iter().filter_map(|l| schema.info(*l)).all(|i| {
            let (a, b) = (cover(old, &i.path), cover(new, &i.path));
            a.1 == b.1 && same_rules(old, &a.0, new, &b.0)
        });
        if alike {
            continue;
        }
        let (old_covers, new_covers) = (covers(old), covers(new));
        let mut complete = true;
        let mut points = [None, None];
        for (slot, want) in points.iter_mut().zip([(false, true), (true, false)]) {
            let mut table = Table::default();
            let old_grants = old_covers
                .iter()
                .map(|c| Grant::new(old, c, &mut table))
                .collect();
            let new_grants = new_covers
                .iter()
                .map(|c| Grant::new(new, c, &mut table))
                .collect();
            let mut goal = ListDiffers {
                space,
                table,
                old: old_grants,
                new: new_grants,
                sides: (*old, *new),
                under: under.clone(),
                seen: Seen::List(list, path_of(schema, list)),
                want,
            };
            let result = space.search(&mut goal, budget);
            complete &= result.complete;
            *slot = result.point.map(|point| Hit {
                deciding: space.deciding(&mut goal, &point),
                point,
            });
        }
        let [widened, narrowed] = points;
        out.push(Found {
            leaves: vec![list],
            old_form: None,
            new_form: None,
            widened,
            narrowed,
            reformed: None,
            list: true,
            complete,
        });
    }
    out
}

/// Whether the rules naming a leaf on both sides have the same conditions: a `share` applies
/// when any of them does and a `never` when any of them does, so the same sets of conditions
/// decide the leaf alike on every record.
fn same_rules(old: &Side<'_>, old_cover: &Cover, new: &Side<'_>, new_cover: &Cover) -> bool {
    fn keys(side: &Side<'_>, cover: &Cover) -> Option<(Vec<String>, Vec<String>)> {
        let (_, recipient) = side.recipient?;
        let key = |w: &Option<crate::ir::Condition>, u: &Option<crate::ir::Condition>| {
            serde_json::to_string(&(w, u)).unwrap_or_default()
        };
        let mut shares: Vec<String> = cover
            .shares
            .iter()
            .filter_map(|i| recipient.shares.get(*i))
            .map(|r| key(&r.when, &r.unless))
            .collect();
        let mut nevers: Vec<String> = cover
            .nevers
            .iter()
            .filter_map(|i| recipient.nevers.get(*i))
            .map(|r| key(&r.when, &r.unless))
            .collect();
        for list in [&mut shares, &mut nevers] {
            list.sort();
            list.dedup();
        }
        Some((shares, nevers))
    }
    match (keys(old, old_cover), keys(new, new_cover)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The field and what it is inside, outermost first.
fn path_of(schema: &Schema, field: FieldId) -> Vec<FieldId> {
    let mut out = vec![field];
    let mut at = field;
    while let Some(parent) = schema.info(at).and_then(|i| i.parent) {
        out.push(parent);
        at = parent;
    }
    out.reverse();
    out
}

/// The dimensions that decide whether a field can be in a record: its path's presence, and
/// the length of the lists above it.
fn path_dims(space: &Space<'_>, field: FieldId, _list: bool) -> Vec<usize> {
    let schema = space.schema();
    let mut out = Vec::new();
    for f in path_of(schema, field) {
        if schema.info(f).is_some_and(|i| !i.through_list) {
            out.extend(space.presence_dims(f).iter().copied());
            if f != field {
                out.extend(space.value_dim(f));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// What has to hold for a record to show a field (or a list, even empty).
#[derive(Clone, Debug)]
enum Seen {
    Leaf(FieldId, Vec<FieldId>),
    List(FieldId, Vec<FieldId>),
}

impl Seen {
    fn target(&self) -> FieldId {
        match self {
            Seen::Leaf(f, _) | Seen::List(f, _) => *f,
        }
    }

    fn path(&self) -> &[FieldId] {
        match self {
            Seen::Leaf(_, p) | Seen::List(_, p) => p,
        }
    }

    /// Whether the record can show it: `Some(false)` when it cannot, `None` while undecided.
    fn shown(&self, space: &Space<'_>, point: &Point) -> Option<bool> {
        let schema = space.schema();
        let target = self.target();
        let mut known = true;
        for f in self.path() {
            if schema.info(*f).is_none_or(|i| i.through_list) {
                continue;
            }
            match point.presence(*f) {
                Some(false) => return Some(false),
                None => known = false,
                Some(true) => {}
            }
            // A list above the field must hold an element to hold the field.
            if *f != target {
                if let Some(dim) = space.value_dim(*f) {
                    match point.choice(dim) {
                        None => known = false,
                        Some(_) => {
                            use super::super::semantics::eval::Record;
                            if let Some(Val::List(0)) = point.value(*f) {
                                return Some(false);
                            }
                        }
                    }
                }
            }
        }
        known.then_some(true)
    }

    fn fields(&self, space: &Space<'_>) -> Vec<FieldId> {
        let schema = space.schema();
        self.path()
            .iter()
            .copied()
            .filter(|f| schema.info(*f).is_some_and(|i| !i.through_list))
            .collect()
    }
}

/// The conditions of the rules being compared, each once however many rules (on either side)
/// say it: a condition written the same way in both policies takes the same value on every
/// record, and pruning must know that to prune anything when most rules did not change.
#[derive(Clone, Debug, Default)]
struct Table {
    conds: Vec<CondRef>,
    keys: Vec<String>,
}

impl Table {
    fn index(
        &mut self,
        condition: Option<&crate::ir::Condition>,
        id: Option<CondId>,
        program: usize,
    ) -> Option<usize> {
        let (condition, id) = (condition?, id?);
        let key = serde_json::to_string(condition).unwrap_or_default();
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return Some(i);
        }
        self.keys.push(key);
        self.conds.push((program, id));
        Some(self.keys.len() - 1)
    }

    /// Whether `wanted` holds for some combination of the conditions' possible values under the
    /// partial point; combinations of different conditions are taken as independent.
    fn possible(&self, partial: &mut Partial<'_, '_>, wanted: &dyn Fn(&[Truth]) -> bool) -> bool {
        let sets: Vec<Vec<Truth>> = self
            .conds
            .iter()
            .map(|c| partial.truths(*c).iter().collect())
            .collect();
        let combinations = sets
            .iter()
            .try_fold(1usize, |n, s| n.checked_mul(s.len().max(1)));
        if combinations.is_none_or(|n| n > 4096) {
            return true;
        }
        let mut values: Vec<Truth> = sets
            .iter()
            .map(|s| s.first().copied().unwrap_or(Truth::Unknown))
            .collect();
        let mut digits = vec![0usize; sets.len()];
        loop {
            if wanted(&values) {
                return true;
            }
            // The next combination, like an odometer.
            let mut i = 0;
            loop {
                let Some(set) = sets.get(i) else {
                    return false;
                };
                let (Some(digit), Some(value)) = (digits.get_mut(i), values.get_mut(i)) else {
                    return false;
                };
                *digit += 1;
                if let Some(v) = set.get(*digit) {
                    *value = *v;
                    break;
                }
                *digit = 0;
                *value = set.first().copied().unwrap_or(Truth::Unknown);
                i += 1;
            }
        }
    }
}

/// Whether one side grants a leaf, from the rules that name it: each rule's `when` and
/// `unless` by their number in the [`Table`].
#[derive(Clone, Debug)]
struct Grant<'a> {
    side: Side<'a>,
    shares: Vec<(Option<usize>, Option<usize>)>,
    nevers: Vec<(Option<usize>, Option<usize>)>,
}

impl<'a> Grant<'a> {
    fn new(side: &Side<'a>, cover: &Cover, table: &mut Table) -> Grant<'a> {
        let (Some(rules), Some((_, recipient))) = (side.compiled(), side.recipient) else {
            return Grant {
                side: *side,
                shares: Vec::new(),
                nevers: Vec::new(),
            };
        };
        let p = side.program;
        let shares = cover
            .shares
            .iter()
            .filter_map(|i| Some((rules.shares.get(*i)?, recipient.shares.get(*i)?)))
            .map(|(c, r)| {
                (
                    table.index(r.when.as_ref(), c.when, p),
                    table.index(r.unless.as_ref(), c.unless, p),
                )
            })
            .collect();
        let nevers = cover
            .nevers
            .iter()
            .filter_map(|i| Some((rules.nevers.get(*i)?, recipient.nevers.get(*i)?)))
            .map(|(c, r)| {
                (
                    table.index(r.when.as_ref(), c.when, p),
                    table.index(r.unless.as_ref(), c.unless, p),
                )
            })
            .collect();
        Grant {
            side: *side,
            shares,
            nevers,
        }
    }

    /// Whether the leaf is granted when the table's conditions take `values` (the decision
    /// rule of `semantics::decision`, on truth values).
    fn granted(&self, values: &[Truth]) -> bool {
        let value = |c: Option<usize>, absent: Truth| {
            c.and_then(|i| values.get(i).copied()).unwrap_or(absent)
        };
        let shared = self
            .shares
            .iter()
            .any(|(w, u)| share_status(value(*w, Truth::True), value(*u, Truth::False)).is_ok());
        let withheld = self
            .nevers
            .iter()
            .any(|(w, u)| never_applies(value(*w, Truth::True), value(*u, Truth::False)));
        shared && !withheld
    }
}

/// The form a side grants `leaf` in on a complete point, by the runtime's own decision rule.
fn granted(space: &Space<'_>, side: &Side<'_>, point: &Point, leaf: FieldId) -> Option<Form> {
    let (index, recipient) = side.recipient?;
    let schema = space.schema();
    let mut memo: Memo = side.rules.program.memo();
    let (mut shares, mut nevers) = (Vec::new(), Vec::new());
    side.rules.statuses(
        index,
        point,
        point.date(),
        &mut memo,
        &mut shares,
        &mut nevers,
    );
    let resolution = resolve(recipient, schema, &shares, &nevers, &|_| true);
    let position = schema.info(leaf)?.leaf?;
    resolution.grants.get(position).copied().flatten().cloned()
}

/// A record and date on which the two sides send a leaf as `want` says: (old sends it, new
/// sends it), and with different forms when both do.
struct Differs<'a, 's> {
    space: &'a Space<'s>,
    table: Table,
    old: Grant<'a>,
    new: Grant<'a>,
    seen: Seen,
    want: (bool, bool),
}

impl Goal for Differs<'_, '_> {
    fn conditions(&self) -> Vec<CondRef> {
        self.table.conds.clone()
    }

    fn fields(&self) -> Vec<FieldId> {
        self.seen.fields(self.space)
    }

    fn possible(&mut self, partial: &mut Partial<'_, '_>) -> bool {
        if self.seen.shown(self.space, partial.point()) == Some(false) {
            return false;
        }
        let (old, new, want) = (&self.old, &self.new, self.want);
        let wanted = |values: &[Truth]| (old.granted(values), new.granted(values)) == want;
        self.table.possible(partial, &wanted)
    }

    fn holds(&mut self, point: &Point) -> bool {
        if self.seen.shown(self.space, point) != Some(true) {
            return false;
        }
        let leaf = self.seen.target();
        let old = granted(self.space, &self.old.side, point, leaf);
        let new = granted(self.space, &self.new.side, point, leaf);
        match (old, new) {
            (Some(a), Some(b)) => self.want == (true, true) && a != b,
            (a, b) => (a.is_some(), b.is_some()) == self.want,
        }
    }
}

/// A record and date on which one side sends a list of objects (at least the list) and the
/// other does not.
struct ListDiffers<'a, 's> {
    space: &'a Space<'s>,
    table: Table,
    old: Vec<Grant<'a>>,
    new: Vec<Grant<'a>>,
    sides: (Side<'a>, Side<'a>),
    under: Vec<FieldId>,
    seen: Seen,
    want: (bool, bool),
}

impl ListDiffers<'_, '_> {
    fn sends(&self, side: &Side<'_>, point: &Point) -> bool {
        self.under
            .iter()
            .any(|l| granted(self.space, side, point, *l).is_some())
    }
}

impl Goal for ListDiffers<'_, '_> {
    fn conditions(&self) -> Vec<CondRef> {
        self.table.conds.clone()
    }

    fn fields(&self) -> Vec<FieldId> {
        self.seen.fields(self.space)
    }

    fn possible(&mut self, partial: &mut Partial<'_, '_>) -> bool {
        if self.seen.shown(self.space, partial.point()) == Some(false) {
            return false;
        }
        let (old, new, want) = (&self.old, &self.new, self.want);
        let wanted = |values: &[Truth]| {
            (
                old.iter().any(|g| g.granted(values)),
                new.iter().any(|g| g.granted(values)),
            ) == want
        };
        self.table.possible(partial, &wanted)
    }

    fn holds(&mut self, point: &Point) -> bool {
        if self.seen.shown(self.space, point) != Some(true) {
            return false;
        }
        (
            self.sends(&self.sides.0, point),
            self.sends(&self.sides.1, point),
        ) == self.want
    }
}
