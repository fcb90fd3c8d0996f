//! Workflow states of test reports, grading applications and certificates, and the rules
//! that move them. Each transition is a pure function that either gives the next state or
//! says why the move is illegal; the app layer records every move as an event.

mod application;
mod certificate;
mod complaint;
mod records;
mod report;

pub use application::{decide_grade, ApplicationStatus, Decision};
pub use certificate::{CertificateAction, CertificateState, IllegalTransition};
pub use complaint::{
    add_working_days, mask_phone, parse_phone, ComplaintAction, ComplaintCategory, ComplaintStatus,
};
pub use records::{
    Application, Attachment, Certificate, GradeAdjustment, ProfileRef, ReportResult, TestReport,
};
pub use report::{ReportDraft, ReportFields, ReportStatus, SampledBy};
