//! Sets of truth values, and the three-valued operations lifted to sets: what a condition can
//! be when some of the values it reads are not yet chosen.

use super::super::value::Truth;

/// A set of truth values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TruthSet(u8);

fn bit(truth: Truth) -> u8 {
    match truth {
        Truth::False => 1,
        Truth::Unknown => 2,
        Truth::True => 4,
    }
}

impl TruthSet {
    /// No value.
    pub const EMPTY: TruthSet = TruthSet(0);
    /// Every value.
    pub const ALL: TruthSet = TruthSet(7);

    /// The set of one value.
    pub fn of(truth: Truth) -> TruthSet {
        TruthSet(bit(truth))
    }

    /// Whether `truth` is in the set.
    pub fn contains(self, truth: Truth) -> bool {
        self.0 & bit(truth) != 0
    }

    /// Adds a value.
    pub fn insert(&mut self, truth: Truth) {
        self.0 |= bit(truth);
    }

    /// Both sets together.
    #[must_use]
    pub fn union(self, other: TruthSet) -> TruthSet {
        TruthSet(self.0 | other.0)
    }

    /// Whether it holds no value.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every value of `self` is in `other`.
    pub fn is_subset(self, other: TruthSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Its values, false first.
    pub fn iter(self) -> impl Iterator<Item = Truth> {
        Truth::ALL.into_iter().filter(move |t| self.contains(*t))
    }

    /// The one value, if there is exactly one.
    pub fn single(self) -> Option<Truth> {
        let mut values = self.iter();
        match (values.next(), values.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// `a op b` for every `a` in `self` and `b` in `other`.
    fn lift(self, other: TruthSet, op: impl Fn(Truth, Truth) -> Truth) -> TruthSet {
        let mut out = TruthSet::EMPTY;
        for a in self.iter() {
            for b in other.iter() {
                out.insert(op(a, b));
            }
        }
        out
    }

    /// The values `a and b` can take.
    #[must_use]
    pub fn and(self, other: TruthSet) -> TruthSet {
        self.lift(other, Truth::and)
    }

    /// The values `a or b` can take.
    #[must_use]
    pub fn or(self, other: TruthSet) -> TruthSet {
        self.lift(other, Truth::or)
    }

    /// As a list of words, for messages: `true, unknown`.
    pub fn describe(self) -> String {
        let words: Vec<&str> = self.iter().map(Truth::as_str).collect();
        words.join(", ")
    }
}

impl std::ops::Not for TruthSet {
    type Output = TruthSet;

    /// The values `not a` can take.
    fn not(self) -> TruthSet {
        self.iter().map(|a| !a).collect()
    }
}

impl FromIterator<Truth> for TruthSet {
    fn from_iter<I: IntoIterator<Item = Truth>>(iter: I) -> TruthSet {
        let mut out = TruthSet::EMPTY;
        for t in iter {
            out.insert(t);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifted_operations_agree_with_the_tables() {
        for a in Truth::ALL {
            for b in Truth::ALL {
                let (sa, sb) = (TruthSet::of(a), TruthSet::of(b));
                assert_eq!(sa.and(sb), TruthSet::of(a.and(b)));
                assert_eq!(sa.or(sb), TruthSet::of(a.or(b)));
            }
            assert_eq!(!TruthSet::of(a), TruthSet::of(!a));
        }
        let fu: TruthSet = [Truth::False, Truth::Unknown].into_iter().collect();
        assert_eq!(fu.and(TruthSet::ALL), fu);
        assert_eq!(fu.or(TruthSet::of(Truth::True)), TruthSet::of(Truth::True));
        assert_eq!(TruthSet::ALL.single(), None);
        assert_eq!(TruthSet::of(Truth::True).single(), Some(Truth::True));
    }
}
