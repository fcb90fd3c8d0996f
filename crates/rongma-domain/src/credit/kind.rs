//! The closed sets the credit model speaks about: kinds of record item and credit classes.
//! A model file names them by their snake_case ids; anything else is refused on load.

use super::text::Bilingual;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What one dated item of an enterprise's record is. Each is a decision or an observation
/// that rongma logged (spot-check results, certificate actions, complaint outcomes, flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A spot check found the product conforming to its certified grade.
    SpotCheckConform,
    /// A spot check measured a lower grade than certified, above the national baseline.
    SpotCheckLowerGrade,
    /// A spot check failed the national baseline (GB/T 14272): 不合格.
    SpotCheckBaselineFailure,
    CertificateSuspended,
    CertificateRevoked,
    /// A consumer complaint the regulator upheld (not a false grade or code claim).
    ComplaintUpheld,
    /// An upheld complaint that the enterprise's product carried a false grade or code claim.
    ComplaintUpheldCounterfeit,
    /// The enterprise answered a complaint within the deadline.
    ComplaintAnsweredOnTime,
    /// The enterprise answered a complaint after the deadline.
    ComplaintAnsweredLate,
    /// The deadline passed without an answer.
    ComplaintUnanswered,
    /// A copied-code case on the enterprise's tags that the regulator attributed to it.
    CopiedCodeFlag,
}

impl RecordKind {
    pub const ALL: [RecordKind; 11] = [
        RecordKind::SpotCheckConform,
        RecordKind::SpotCheckLowerGrade,
        RecordKind::SpotCheckBaselineFailure,
        RecordKind::CertificateSuspended,
        RecordKind::CertificateRevoked,
        RecordKind::ComplaintUpheld,
        RecordKind::ComplaintUpheldCounterfeit,
        RecordKind::ComplaintAnsweredOnTime,
        RecordKind::ComplaintAnsweredLate,
        RecordKind::ComplaintUnanswered,
        RecordKind::CopiedCodeFlag,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            RecordKind::SpotCheckConform => "spot_check_conform",
            RecordKind::SpotCheckLowerGrade => "spot_check_lower_grade",
            RecordKind::SpotCheckBaselineFailure => "spot_check_baseline_failure",
            RecordKind::CertificateSuspended => "certificate_suspended",
            RecordKind::CertificateRevoked => "certificate_revoked",
            RecordKind::ComplaintUpheld => "complaint_upheld",
            RecordKind::ComplaintUpheldCounterfeit => "complaint_upheld_counterfeit",
            RecordKind::ComplaintAnsweredOnTime => "complaint_answered_on_time",
            RecordKind::ComplaintAnsweredLate => "complaint_answered_late",
            RecordKind::ComplaintUnanswered => "complaint_unanswered",
            RecordKind::CopiedCodeFlag => "copied_code_flag",
        }
    }

    /// The kind's name in both languages, for explanations and reports.
    pub fn name(self) -> Bilingual {
        let (zh, en) = match self {
            RecordKind::SpotCheckConform => ("抽检合格", "conforming spot check"),
            RecordKind::SpotCheckLowerGrade => {
                ("抽检等级不符", "spot check below the certified grade")
            }
            RecordKind::SpotCheckBaselineFailure => ("抽检不合格", "failed spot check"),
            RecordKind::CertificateSuspended => ("证书暂停", "certificate suspension"),
            RecordKind::CertificateRevoked => ("证书撤销", "certificate revocation"),
            RecordKind::ComplaintUpheld => ("投诉成立", "upheld complaint"),
            RecordKind::ComplaintUpheldCounterfeit => (
                "虚标或假冒投诉成立",
                "upheld complaint of a false grade or code claim",
            ),
            RecordKind::ComplaintAnsweredOnTime => ("投诉按时答复", "complaint answered on time"),
            RecordKind::ComplaintAnsweredLate => ("投诉逾期答复", "complaint answered late"),
            RecordKind::ComplaintUnanswered => ("投诉未答复", "unanswered complaint"),
            RecordKind::CopiedCodeFlag => ("复制码", "copied-code flag"),
        };
        Bilingual::new(zh, en)
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The ids, comma-separated, for error messages.
    pub fn known() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of record kinds (a rule's `kinds`), one bit each so matching an item is one AND.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindSet(u16);

impl KindSet {
    pub fn insert(&mut self, k: RecordKind) -> bool {
        let new = self.0 & k.bit() == 0;
        self.0 |= k.bit();
        new
    }

    #[inline]
    pub fn contains(self, k: RecordKind) -> bool {
        self.0 & k.bit() != 0
    }

    pub fn is_subset_of(self, other: KindSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = RecordKind> {
        RecordKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

impl FromIterator<RecordKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = RecordKind>>(iter: I) -> Self {
        let mut s = KindSet::default();
        for k in iter {
            s.insert(k);
        }
        s
    }
}

impl Serialize for KindSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A quality-credit class. `Ord` follows creditworthiness: `D < C < B < A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CreditClass {
    D,
    C,
    B,
    A,
}

impl CreditClass {
    /// Best first, the order bands are checked in.
    pub const BEST_FIRST: [CreditClass; 4] = [
        CreditClass::A,
        CreditClass::B,
        CreditClass::C,
        CreditClass::D,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CreditClass::A => "A",
            CreditClass::B => "B",
            CreditClass::C => "C",
            CreditClass::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<CreditClass> {
        Self::BEST_FIRST.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for CreditClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
