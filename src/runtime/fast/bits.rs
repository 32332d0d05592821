//! A fixed-size set of small numbers (leaf fields, lists), cheap to copy, hash and combine.

/// How many members a [`Bits`] can hold; policies with more leaf fields use the reference
/// evaluation.
pub const CAPACITY: usize = 256;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bits([u64; CAPACITY / 64]);

impl Bits {
    pub fn set(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn and(self, other: Bits) -> Bits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a &= b;
        }
        out
    }

    pub fn or(self, other: Bits) -> Bits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    pub fn intersects(&self, other: &Bits) -> bool {
        !self.and(*other).is_empty()
    }

    /// Members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, word)| {
            let mut word = *word;
            std::iter::from_fn(move || {
                if word == 0 {
                    return None;
                }
                let bit = word.trailing_zeros() as usize;
                word &= word - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_iterates() {
        let mut b = Bits::default();
        for i in [0, 5, 63, 64, 200, 255] {
            b.set(i);
        }
        b.set(CAPACITY); // ignored
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![0, 5, 63, 64, 200, 255]);
        assert!(b.get(64) && !b.get(65));
        let mut c = Bits::default();
        c.set(5);
        assert_eq!(b.and(c), c);
        assert!(b.intersects(&c));
    }
}
