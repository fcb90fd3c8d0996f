//! Step 4 of the draw: inspectors for the drawn enterprises. cap = ⌈K·m / N⌉; enterprises
//! are visited in (MAC("O", id), id) order; for each, inspectors are ranked by
//! (MAC("I", enterprise id, inspector id), inspector id), those in a conflict pair are
//! dropped, and the first m whose load is below the cap are taken. When that gives fewer
//! than m, the rest come from the skipped (over-cap) ones in the same rank order.

use super::mac::{Keyed, Tag};
use super::plan::{Conflict, Inspector};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// The cap and, per drawn enterprise (in the order given), the indexes of its inspectors
/// in the order taken.
pub(super) fn assign(
    keyed: &Keyed,
    drawn: &[&str],
    inspectors: &[Inspector],
    m: u32,
    conflicts: &[Conflict],
) -> (u64, Vec<Vec<usize>>) {
    let n = inspectors.len() as u64;
    let cap = if n == 0 {
        0
    } else {
        (drawn.len() as u64 * u64::from(m)).div_ceil(n)
    };
    let index: HashMap<&str, usize> = inspectors
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut excluded: HashMap<&str, HashSet<usize>> = HashMap::new();
    for c in conflicts {
        if let Some(&i) = index.get(c.inspector.as_str()) {
            excluded.entry(c.enterprise.as_str()).or_default().insert(i);
        }
    }

    let mut order: Vec<(Tag, &str, usize)> = drawn
        .iter()
        .enumerate()
        .map(|(k, id)| (keyed.tag(&[b"O", id.as_bytes()]), *id, k))
        .collect();
    order.sort_unstable();

    let none = HashSet::new();
    let mut load = vec![0u64; inspectors.len()];
    let mut taken = vec![Vec::new(); drawn.len()];
    let mut heap = BinaryHeap::with_capacity(inspectors.len());
    let mut skipped = Vec::new();
    for (_, id, k) in order {
        let conflicting = excluded.get(id).unwrap_or(&none);
        heap.clear();
        heap.extend(
            inspectors
                .iter()
                .enumerate()
                .filter(|(i, _)| !conflicting.contains(i))
                .map(|(i, x)| {
                    Reverse((
                        keyed.tag(&[b"I", id.as_bytes(), x.id.as_bytes()]),
                        x.id.as_str(),
                        i,
                    ))
                }),
        );
        skipped.clear();
        let chosen = &mut taken[k];
        // Popping the min-heap walks the ranking lazily: usually only m + a few pops.
        while chosen.len() < m as usize {
            let Some(Reverse((_, _, i))) = heap.pop() else {
                break;
            };
            if load[i] < cap {
                chosen.push(i);
                load[i] += 1;
            } else {
                skipped.push(i);
            }
        }
        for &i in &skipped {
            if chosen.len() >= m as usize {
                break;
            }
            chosen.push(i);
            load[i] += 1;
        }
    }
    (cap, taken)
}
