//! One sort for the engine. Each `sort_by` call with its own closure or
//! element type compiles to its own copy of the standard library's sort
//! (2–4 KB of wasm each, on a business owner's phone). Here every list is
//! sorted as a list of indices with one comparator object, so the widget
//! carries a single copy; the lists are short (a territory's venues, a
//! handful of aids), so the indirection costs nothing a user would notice.

use core::cmp::Ordering;

/// A stable sort of `v` by `cmp`.
pub fn sort_by<T>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &|&a, &b| cmp(&items[a], &items[b]));
    }
    apply(v, &order);
}

#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(&usize, &usize) -> Ordering) {
    order.sort_by(|a, b| cmp(a, b));
}

/// Puts `v[order[i]]` at position `i`, in place: position `i` takes the
/// element that was at `order[i]`, found where earlier swaps moved it.
fn apply<T>(v: &mut [T], order: &[usize]) {
    for i in 0..v.len() {
        let mut j = order[i];
        while j < i {
            j = order[j];
        }
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn it_is_stable() {
        let mut v = [(1, 'b'), (0, 'z'), (1, 'a'), (0, 'y')];
        super::sort_by(&mut v, &|a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 'z'), (0, 'y'), (1, 'b'), (1, 'a')]);
    }

    proptest! {
        /// The same result as the standard library's stable sort.
        #[test]
        fn it_sorts_like_the_standard_library(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..200)) {
            let mut mine = v.clone();
            super::sort_by(&mut mine, &|a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(mine, std);
        }
    }
}
