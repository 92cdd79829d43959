//! Ordered maps and sets built by insertion. `collect()` into a `BTreeMap` or `BTreeSet` sorts
//! the items first, and every element type gets its own copy of the sort (about 3.5 KB of the
//! web page each); these insert one by one instead, with the same result (a repeated key keeps
//! its last value, as `collect` does). Cheap for the few dozen items the generator's maps hold.

use std::collections::{BTreeMap, BTreeSet};

/// The map of `items`, in key order.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in items {
        map.insert(key, value);
    }
    map
}

/// The set of `items`, in order.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_what_collect_gives() {
        let items = [("b", 1), ("a", 2), ("b", 3), ("c", 4)];
        assert_eq!(map_of(items), items.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(
            set_of([3, 1, 3, 2]),
            [3, 1, 3, 2].into_iter().collect::<BTreeSet<_>>()
        );
    }
}
