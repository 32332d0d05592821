//! The search for a point that satisfies a goal: depth first over the dimensions the goal
//! depends on, pruned by three-valued evaluation over sets, exhaustive within a budget; then
//! random and guided sampling, which cannot prove anything.

use fastrand::Rng;

use super::super::eval::{Memo, Node, Program};
use super::super::schema::FieldId;
use super::super::value::{Truth, member};
use super::{Cell, CondRef, Constraint, Dimension, Point, Space, TruthSet};

/// How much searching a caller allows, shared by all the searches of one question.
#[derive(Clone, Debug)]
pub struct Budget {
    /// Points (complete or not) the exhaustive walks may still visit, in all.
    pub nodes: u64,
    /// Points one walk may visit at most, so that one large search leaves some for the others.
    pub per_search: u64,
    /// Random points each search tries once its walk ran out.
    pub samples: u64,
    /// Random points all searches may still try, in all.
    pub samples_left: u64,
    /// The seed of the random points.
    pub seed: u64,
    /// Whether some walk ran out.
    pub ran_out: bool,
}

impl Budget {
    /// A budget of `nodes` points walked in all (a quarter of them at most in one search),
    /// and `samples` random points per search beyond (a hundred times that in all).
    pub fn new(nodes: u64, samples: u64) -> Budget {
        Budget {
            nodes,
            per_search: (nodes / 4).max(1),
            samples,
            samples_left: samples.saturating_mul(100),
            seed: 0x5eed,
            ran_out: false,
        }
    }
}

impl Default for Budget {
    /// Thousands of times what the bundled policies need; a few seconds of walking at most.
    fn default() -> Budget {
        Budget::new(2_000_000, 5_000)
    }
}

/// What a search looks for.
pub trait Goal {
    /// The conditions it reads.
    fn conditions(&self) -> Vec<CondRef>;

    /// Fields whose presence or value it reads itself (beyond its conditions).
    fn fields(&self) -> Vec<FieldId> {
        Vec::new()
    }

    /// Whether some completion of the partial point may satisfy it. It must not answer
    /// `false` when one does; `true` is always safe (it only prunes less).
    fn possible(&mut self, partial: &mut Partial<'_, '_>) -> bool;

    /// Whether a complete point satisfies it.
    fn holds(&mut self, point: &Point) -> bool;
}

/// The result of a search.
#[derive(Clone, Debug)]
pub struct Search {
    /// A point satisfying the goal, if one was found.
    pub point: Option<Point>,
    /// Whether the walk was exhaustive: with an exact space, `None` then means no point does.
    pub complete: bool,
}

/// A partial point, with the possible values of conditions under it.
#[derive(Debug)]
pub struct Partial<'a, 's> {
    space: &'a Space<'s>,
    point: &'a Point,
    cache: &'a mut [Vec<Option<TruthSet>>],
    memos: &'a mut [Memo],
}

impl Partial<'_, '_> {
    /// The point so far.
    pub fn point(&self) -> &Point {
        self.point
    }

    /// Every value condition `cond` can take on some completion of the point (and perhaps a
    /// few more: parts of a condition that read the same unchosen field are taken as
    /// independent).
    pub fn truths(&mut self, cond: CondRef) -> TruthSet {
        let (p, id) = cond;
        if let Some(Some(known)) = self.cache.get(p).and_then(|c| c.get(id.index())) {
            return *known;
        }
        let Some(program) = self.space.program(p) else {
            return TruthSet::ALL;
        };
        let set = match program.node(id) {
            None => TruthSet::ALL,
            Some(Node::Constant(t)) => TruthSet::of(*t),
            Some(Node::Not(a)) => !self.truths((p, *a)),
            Some(Node::And(args)) => {
                let mut acc = TruthSet::of(Truth::True);
                for a in args {
                    acc = acc.and(self.truths((p, *a)));
                    if acc == TruthSet::of(Truth::False) {
                        break;
                    }
                }
                acc
            }
            Some(Node::Or(args)) => {
                let mut acc = TruthSet::of(Truth::False);
                for a in args {
                    acc = acc.or(self.truths((p, *a)));
                    if acc == TruthSet::of(Truth::True) {
                        break;
                    }
                }
                acc
            }
            Some(_) => self.atom(program, cond),
        };
        if let Some(slot) = self.cache.get_mut(p).and_then(|c| c.get_mut(id.index())) {
            *slot = Some(set);
        }
        set
    }

    fn atom(&mut self, program: &Program, cond: CondRef) -> TruthSet {
        let Some(atom) = self.space.atom(cond) else {
            return TruthSet::ALL;
        };
        let decided = atom
            .values
            .iter()
            .all(|f| self.space.known(self.point, *f, true))
            && atom
                .presence
                .iter()
                .all(|f| self.space.known(self.point, *f, false));
        if !decided {
            return atom.truths;
        }
        match self.memos.get_mut(cond.0) {
            Some(memo) => TruthSet::of(program.eval(cond.1, self.point, self.point.date, memo)),
            None => atom.truths,
        }
    }
}

enum Flow {
    Found,
    Exhausted,
    OutOfBudget,
}

struct State {
    cache: Vec<Vec<Option<TruthSet>>>,
    memos: Vec<Memo>,
}

impl Space<'_> {
    /// Whether the point decides the field: it is missing, or it is there and (when `value`)
    /// its value is chosen.
    pub(super) fn known(&self, point: &Point, field: FieldId, value: bool) -> bool {
        match point.presence(field) {
            Some(false) => true,
            None => false,
            Some(true) => {
                !value
                    || self
                        .value_dim(field)
                        .is_none_or(|d| point.choice(d).is_some())
            }
        }
    }

    /// Looks for a point of the space satisfying `goal`: exhaustively while `budget` lasts,
    /// then by sampling.
    pub fn search(&self, goal: &mut dyn Goal, budget: &mut Budget) -> Search {
        let dims = self.dims_for(&goal.conditions(), &goal.fields());
        let rest = dims.get(1..).unwrap_or(&[]);
        let mut state = State {
            cache: self.programs.iter().map(|p| vec![None; p.len()]).collect(),
            memos: self.programs.iter().map(|p| p.memo()).collect(),
        };
        // This search's share of the walk: what it does not use goes back.
        let allowed = budget.nodes.min(budget.per_search);
        let mut mine = Budget {
            nodes: allowed,
            ..budget.clone()
        };
        let flow = self.walk_all(rest, goal, &mut mine, &mut state);
        budget.nodes -= allowed - mine.nodes;
        match flow {
            (Flow::Found, Some(point)) => Search {
                point: Some(point),
                complete: true,
            },
            (Flow::OutOfBudget, _) => {
                budget.ran_out = true;
                Search {
                    point: self.sample(goal, rest, budget),
                    complete: false,
                }
            }
            _ => Search {
                point: None,
                complete: true,
            },
        }
    }

    fn walk_all(
        &self,
        rest: &[usize],
        goal: &mut dyn Goal,
        budget: &mut Budget,
        state: &mut State,
    ) -> (Flow, Option<Point>) {
        for t in 0..self.todays() {
            let mut point = self.point(t);
            match self.walk(&mut point, rest, goal, budget, state) {
                Flow::Found => return (Flow::Found, Some(point)),
                Flow::Exhausted => {}
                Flow::OutOfBudget => return (Flow::OutOfBudget, None),
            }
        }
        (Flow::Exhausted, None)
    }

    /// The number of evaluation dates.
    pub fn todays(&self) -> usize {
        self.cells(0, 0).len().max(1)
    }

    fn walk(
        &self,
        point: &mut Point,
        dims: &[usize],
        goal: &mut dyn Goal,
        budget: &mut Budget,
        state: &mut State,
    ) -> Flow {
        if budget.nodes == 0 {
            return Flow::OutOfBudget;
        }
        budget.nodes -= 1;
        if !self.may_hold_constraints(point) {
            return Flow::Exhausted;
        }
        let Some((dim, rest)) = dims.split_first() else {
            return if self.holds_constraints(point) && goal.holds(point) {
                Flow::Found
            } else {
                Flow::Exhausted
            };
        };
        for (cache, program) in state.cache.iter_mut().zip(&self.programs) {
            cache.clear();
            cache.resize(program.len(), None);
        }
        for (memo, program) in state.memos.iter_mut().zip(&self.programs) {
            memo.reset(program.len());
        }
        let mut partial = Partial {
            space: self,
            point,
            cache: &mut state.cache,
            memos: &mut state.memos,
        };
        if !goal.possible(&mut partial) {
            return Flow::Exhausted;
        }
        let mut cells = self.cells(*dim, point.today).len();
        if self.all_missing(point, *dim) {
            cells = cells.min(1);
        }
        for cell in 0..cells {
            self.assign(point, *dim, cell);
            match self.walk(point, rest, goal, budget, state) {
                Flow::Exhausted => {}
                other => return other,
            }
        }
        self.unassign(point, *dim);
        Flow::Exhausted
    }

    /// Whether every field of a value dimension is known to be missing, so that its value
    /// does not matter.
    fn all_missing(&self, point: &Point, dim: usize) -> bool {
        match self.dimension(dim) {
            Some(Dimension::Values(fields)) => {
                fields.iter().all(|f| point.presence(*f) == Some(false))
            }
            _ => false,
        }
    }

    /// Whether the constraints may still hold on some completion of the point.
    fn may_hold_constraints(&self, point: &Point) -> bool {
        self.constraints.iter().all(|c| match c {
            Constraint::Missing(f) => point.presence(*f) != Some(true),
            Constraint::Present(f) => point.presence(*f) != Some(false),
            Constraint::OneOf(f, values) => match point.presence(*f) {
                Some(false) => false,
                _ => match point.values.get(f.index()).and_then(Option::as_ref) {
                    Some(v) => member(v, values),
                    None => true,
                },
            },
        })
    }

    /// Random points, then sweeps of one dimension at a time from a random point: neither
    /// proves anything.
    fn sample(&self, goal: &mut dyn Goal, dims: &[usize], budget: &mut Budget) -> Option<Point> {
        let mut rng = Rng::with_seed(budget.seed);
        budget.seed = budget.seed.wrapping_add(1);
        let mut tried = 0;
        let limit = budget.samples.min(budget.samples_left);
        let found = self.sample_up_to(goal, dims, &mut rng, limit, &mut tried);
        budget.samples_left = budget.samples_left.saturating_sub(tried);
        found
    }

    fn sample_up_to(
        &self,
        goal: &mut dyn Goal,
        dims: &[usize],
        rng: &mut Rng,
        limit: u64,
        tried: &mut u64,
    ) -> Option<Point> {
        while *tried < limit {
            let mut point = self.point(rng.usize(..self.todays()));
            for dim in dims {
                let n = self.cells(*dim, point.today).len();
                if n > 0 {
                    self.assign(&mut point, *dim, rng.usize(..n));
                }
            }
            *tried += 1;
            if self.holds_constraints(&point) && goal.holds(&point) {
                return Some(point);
            }
            // A sweep: every value of one dimension, the others kept.
            if let Some(dim) = dims.get(rng.usize(..dims.len().max(1))) {
                let before = point.choice(*dim);
                for cell in 0..self.cells(*dim, point.today).len() {
                    self.assign(&mut point, *dim, cell);
                    *tried += 1;
                    if self.holds_constraints(&point) && goal.holds(&point) {
                        return Some(point);
                    }
                }
                if let Some(b) = before {
                    self.assign(&mut point, *dim, b);
                }
            }
        }
        None
    }

    fn holds_constraints(&self, point: &Point) -> bool {
        self.may_hold_constraints(point)
            && self.constraints.iter().all(|c| match c {
                Constraint::Missing(f) => point.presence(*f) == Some(false),
                Constraint::Present(f) | Constraint::OneOf(f, _) => {
                    point.presence(*f) == Some(true)
                }
            })
    }

    /// The dimensions a point satisfies `goal` through: those (evaluation date aside) where
    /// another value alone makes it fail. These are the facts worth telling about the point.
    pub fn deciding(&self, goal: &mut dyn Goal, point: &Point) -> Vec<usize> {
        let mut out = Vec::new();
        let mut probe = point.clone();
        for dim in 1..self.dims.len() {
            let Some(chosen) = point.choice(dim) else {
                continue;
            };
            let cells = self.cells(dim, point.today).len();
            let decides = (0..cells).filter(|c| *c != chosen).any(|c| {
                self.assign(&mut probe, dim, c);
                !(self.holds_constraints(&probe) && goal.holds(&probe))
            });
            self.assign(&mut probe, dim, chosen);
            if decides {
                out.push(dim);
            }
        }
        out
    }

    /// A cell's evaluation date (for `Dimension::Today`).
    pub fn date_of(&self, today: usize) -> Option<chrono::NaiveDate> {
        match self.cells(0, 0).get(today) {
            Some(Cell::Today(d)) => Some(*d),
            _ => None,
        }
    }
}

/// A condition taking one value.
#[derive(Debug)]
pub(super) struct Equals<'p> {
    pub program: &'p Program,
    pub cond: CondRef,
    pub wanted: Truth,
}

impl Goal for Equals<'_> {
    fn conditions(&self) -> Vec<CondRef> {
        vec![self.cond]
    }

    fn possible(&mut self, partial: &mut Partial<'_, '_>) -> bool {
        partial.truths(self.cond).contains(self.wanted)
    }

    fn holds(&mut self, point: &Point) -> bool {
        let mut memo = self.program.memo();
        self.program.eval(self.cond.1, point, point.date, &mut memo) == self.wanted
    }
}
