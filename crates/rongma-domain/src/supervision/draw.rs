//! The draw (`rongma-draw-v1`): a pure function of the plan and the beacon.
//!
//! Enterprises are fed by a source that is walked once (the census — members per stratum
//! — was taken when the plan was read, so the quotas are known up front). Each stratum
//! keeps only its best k (score, id) pairs in a bounded max-heap, so memory is O(Σk), not
//! O(n): 5 million enterprises at a 5 % ratio hold 250,000 entries, never 5 million.

use super::assign::assign;
use super::beacon::Beacon;
use super::mac::{halves, Keyed, Seed, Tag};
use super::plan::{Census, Plan, PlanBytes, PlanHeader};
use super::plan_read::EnterpriseSource;
use super::result::{DrawResult, DrawnEnterprise, StratumQuota};
use crate::FieldErrors;
use std::collections::{BinaryHeap, HashMap};

impl Plan {
    /// Draws this plan with a beacon value.
    pub fn draw(&self, beacon: &Beacon) -> DrawResult {
        match run(&self.header, &self.census, self, beacon) {
            Ok(r) => r,
            Err(never) => match never {},
        }
    }
}

impl PlanBytes<'_> {
    /// Draws this plan with a beacon value, re-reading the enterprises from the bytes.
    pub fn draw(&self, beacon: &Beacon) -> Result<DrawResult, FieldErrors> {
        run(&self.header, &self.census, self, beacon)
    }
}

/// Reads, checks and draws a plan document in bounded memory.
pub fn draw(plan_bytes: &[u8], beacon: &Beacon) -> Result<DrawResult, FieldErrors> {
    PlanBytes::parse(plan_bytes)?.draw(beacon)
}

/// The quotas: every stratum with a ratio, in ascending byte order of labels.
pub(super) fn quotas(header: &PlanHeader, census: &Census) -> Vec<StratumQuota> {
    let mut out: Vec<StratumQuota> = header
        .strata
        .iter()
        .map(|s| {
            let members = census.members.get(&s.stratum).copied().unwrap_or(0);
            StratumQuota {
                stratum: s.stratum.clone(),
                ratio: s.ratio,
                members,
                quota: s.ratio.quota(members),
            }
        })
        .collect();
    out.sort_unstable_by(|a, b| a.stratum.as_bytes().cmp(b.stratum.as_bytes()));
    out
}

/// The best k entries of one stratum: a max-heap whose top is the worst entry kept.
/// Entries are (score as two big-endian halves, id).
struct Best {
    k: usize,
    heap: BinaryHeap<(u128, u128, Box<str>)>,
}

impl Best {
    fn offer(&mut self, score: &Tag, id: &str) {
        let (hi, lo) = halves(score);
        if self.heap.len() < self.k {
            self.heap.push((hi, lo, id.into()));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            // Ids are unique, so (score, id) orders strictly.
            if (hi, lo, id) < (worst.0, worst.1, &*worst.2) {
                *worst = (hi, lo, id.into());
            }
        }
    }
}

fn run<S: EnterpriseSource>(
    header: &PlanHeader,
    census: &Census,
    source: &S,
    beacon: &Beacon,
) -> Result<DrawResult, S::Error> {
    let seed = Seed::derive(&header.hash, beacon);
    let keyed = Keyed::new(&seed);
    let strata = quotas(header, census);

    let mut best: Vec<Best> = strata
        .iter()
        .map(|q| Best {
            k: q.quota as usize,
            heap: BinaryHeap::new(),
        })
        .collect();
    let slot: HashMap<&str, usize> = strata
        .iter()
        .enumerate()
        .filter(|(_, q)| q.quota > 0)
        .map(|(i, q)| (q.stratum.as_str(), i))
        .collect();
    source.each(&mut |e| {
        if let Some(&i) = slot.get(e.stratum) {
            best[i].offer(&keyed.score(e.stratum, e.id, e.weight), e.id);
        }
    })?;

    let mut drawn: Vec<(usize, u32, Box<str>)> = Vec::new();
    for (i, b) in best.into_iter().enumerate() {
        let sorted = b.heap.into_sorted_vec();
        drawn.extend(
            sorted
                .into_iter()
                .zip(1u32..)
                .map(|((_, _, id), rank)| (i, rank, id)),
        );
    }
    let ids: Vec<&str> = drawn.iter().map(|(_, _, id)| &**id).collect();
    let (cap, taken) = assign(
        &keyed,
        &ids,
        &header.inspectors,
        header.per_enterprise,
        &header.conflicts,
    );

    let enterprises = drawn
        .iter()
        .zip(taken)
        .map(|((i, rank, id), chosen)| DrawnEnterprise {
            id: id.to_string(),
            stratum: strata[*i].stratum.clone(),
            rank: *rank,
            inspectors: chosen
                .into_iter()
                .map(|x| header.inspectors[x].id.clone())
                .collect(),
        })
        .collect();
    Ok(DrawResult {
        plan_hash: header.hash,
        beacon: *beacon,
        seed,
        strata,
        cap,
        enterprises,
    })
}
