//! 双随机、一公开: the directories, publishing and drawing spot-check tasks, samples in
//! the market and the downgrade/revoke cascade (docs/SUPERVISION.md; the draw itself is
//! `rongma_domain::supervision`, docs/LOTTERY.md).
//!
//! - `settings`: `[supervision]` read into the cascade policy and the drand chain.
//! - `directory`: inspectors, conflicts (回避), check items, strata.
//! - `publish`: a task's plan frozen, logged and stored; `draw`: beacon → result.
//! - `read`: task pages and documents, an inspector's assignments.
//! - `samples`: record, hand to lab, report → outcome → cascade, objection, retest,
//!   finalisation; `cascade`: what a rule does to certificates and lots.

mod cascade;
mod directory;
mod draw;
mod publish;
mod read;
mod samples;
mod settings;

pub use directory::InspectorDraft;
pub use draw::BeaconInput;
pub use publish::{task_subject, BeaconChoice, TaskDraft, MIN_INSPECTORS_PER_ENTERPRISE};
pub use read::{AssignmentView, PublishedResult, TaskView};
pub use samples::{sample_subject, SampleDraft};
