//! Step 4 of the draw: inspectors for the drawn enterprises. cap = ⌈K·m / N⌉; enterprises
//! are visited in (MAC("O", id), id) order; for each, inspectors are ranked by
//! (MAC("I", enterprise id, inspector id), inspector id), those in a conflict pair are
//! dropped, and the first m whose load is below the cap are taken. When that gives fewer
//! than m, the rest come from the skipped (over-cap) ones in the same rank order.
//!
//! The N MACs per enterprise dominate the cost of a large draw (K·N of them), and they do
//! not depend on the loads, so they are computed ahead, a chunk of enterprises at a time,
//! on all cores; each enterprise keeps only its best few inspectors. Taking them stays
//! sequential, as the rule requires; in the rare case the kept few are not enough (late in
//! the draw, when most inspectors are at the cap) the full ranking is computed again.

use super::mac::{halves, Keyed, Tag};
use super::plan::{Conflict, Inspector};
use std::collections::{HashMap, HashSet};

/// An inspector's rank key: the MAC as two big-endian halves (comparing them is comparing
/// the bytes), then the inspector's position in byte order of ids (the tie-break), which
/// is also how it is found again.
type Key = (u128, u128, u32);

/// Inspectors kept per enterprise beyond m.
const SPARE: usize = 8;
/// Enterprises whose rankings are computed together.
const CHUNK: usize = 4096;

fn key(t: &Tag, pos: u32) -> Key {
    let (hi, lo) = halves(t);
    (hi, lo, pos)
}

struct Ranking<'a> {
    keyed: &'a Keyed,
    /// Inspector ids in ascending byte order.
    ids: Vec<&'a str>,
    /// Per enterprise id, the positions (in `ids`) it may not get.
    banned: HashMap<&'a str, HashSet<u32>>,
}

impl Ranking<'_> {
    /// The best `limit` non-conflicting inspectors for `enterprise`, best first.
    fn best(&self, enterprise: &str, limit: usize) -> Vec<Key> {
        let none = HashSet::new();
        let banned = self.banned.get(enterprise).unwrap_or(&none);
        let mut keys: Vec<Key> = (0u32..)
            .zip(&self.ids)
            .filter(|(p, _)| !banned.contains(p))
            .map(|(p, id)| {
                key(
                    &self
                        .keyed
                        .tag(&[b"I", enterprise.as_bytes(), id.as_bytes()]),
                    p,
                )
            })
            .collect();
        if keys.len() > limit {
            keys.select_nth_unstable(limit);
            keys.truncate(limit);
        }
        keys.sort_unstable();
        keys
    }
}

/// Takes up to m from `ranked` by the cap rule, then the fill-up rule. `None` when
/// `ranked` is only a prefix of the ranking and did not suffice.
fn choose(ranked: &[Key], complete: bool, load: &[u64], cap: u64, m: usize) -> Option<Vec<u32>> {
    let mut chosen = Vec::with_capacity(m);
    let mut skipped = Vec::new();
    for &(_, _, p) in ranked {
        if chosen.len() == m {
            return Some(chosen);
        }
        if load[p as usize] < cap {
            chosen.push(p);
        } else {
            skipped.push(p);
        }
    }
    if chosen.len() < m && !complete {
        return None;
    }
    chosen.extend(skipped.into_iter().take(m - chosen.len()));
    Some(chosen)
}

/// The cap and, per drawn enterprise (in the order given), the inspectors' indexes (into
/// `inspectors`) in the order taken.
pub(super) fn assign(
    keyed: &Keyed,
    drawn: &[&str],
    inspectors: &[Inspector],
    m: u32,
    conflicts: &[Conflict],
) -> (u64, Vec<Vec<usize>>) {
    let n = inspectors.len();
    let cap = if n == 0 {
        0
    } else {
        (drawn.len() as u64 * u64::from(m)).div_ceil(n as u64)
    };
    let mut by_id: Vec<usize> = (0..n).collect();
    by_id.sort_unstable_by(|a, b| {
        inspectors[*a]
            .id
            .as_bytes()
            .cmp(inspectors[*b].id.as_bytes())
    });
    let pos: HashMap<&str, u32> = (0u32..)
        .zip(&by_id)
        .map(|(p, &i)| (inspectors[i].id.as_str(), p))
        .collect();
    let mut banned: HashMap<&str, HashSet<u32>> = HashMap::new();
    for c in conflicts {
        if let Some(&p) = pos.get(c.inspector.as_str()) {
            banned.entry(c.enterprise.as_str()).or_default().insert(p);
        }
    }
    let ranking = Ranking {
        keyed,
        ids: by_id.iter().map(|&i| inspectors[i].id.as_str()).collect(),
        banned,
    };

    let mut order: Vec<(Tag, &str, usize)> = drawn
        .iter()
        .enumerate()
        .map(|(k, id)| (keyed.tag(&[b"O", id.as_bytes()]), *id, k))
        .collect();
    order.sort_unstable();

    let m = m as usize;
    let limit = m + SPARE;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut load = vec![0u64; n];
    let mut taken = vec![Vec::new(); drawn.len()];
    for chunk in order.chunks(CHUNK) {
        let ranked = rank_chunk(&ranking, chunk, limit, workers);
        for ((_, id, k), best) in chunk.iter().zip(ranked) {
            let complete = best.len() < limit;
            let chosen = choose(&best, complete, &load, cap, m)
                .or_else(|| choose(&ranking.best(id, usize::MAX), true, &load, cap, m))
                .unwrap_or_default();
            for &p in &chosen {
                load[p as usize] += 1;
            }
            taken[*k] = chosen.into_iter().map(|p| by_id[p as usize]).collect();
        }
    }
    (cap, taken)
}

/// The best `limit` inspectors of each enterprise of a chunk, split over `workers` threads.
fn rank_chunk(
    ranking: &Ranking<'_>,
    chunk: &[(Tag, &str, usize)],
    limit: usize,
    workers: usize,
) -> Vec<Vec<Key>> {
    let part = chunk.len().div_ceil(workers).max(1);
    if workers == 1 || chunk.len() < 64 {
        return chunk
            .iter()
            .map(|(_, id, _)| ranking.best(id, limit))
            .collect();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunk
            .chunks(part)
            .map(|piece| {
                s.spawn(move || {
                    piece
                        .iter()
                        .map(|(_, id, _)| ranking.best(id, limit))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
