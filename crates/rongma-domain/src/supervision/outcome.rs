//! What a spot-check sample's grading says about the certificate it was sold under:
//! it conforms (graded at or above the certified grade), it grades lower (which indicators,
//! at what grade), or it fails the baseline (not gradable at all). Uses the grading
//! engine's results as they are; nothing is re-graded here.

use crate::grading::{BaselineFailure, Grade, GradingResult, IndicatorId};

/// What the certificate states: its grade and, when known, each indicator's grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certified {
    pub grade: Grade,
    pub indicators: Vec<(IndicatorId, Grade)>,
}

impl Certified {
    /// From the grading result the certificate was issued on; `None` if it was not gradable.
    pub fn from_result(r: &GradingResult) -> Option<Certified> {
        let grade = r.grade?;
        let indicators = r
            .indicators
            .iter()
            .filter_map(|i| i.grade.map(|g| (i.id, g)))
            .collect();
        Some(Certified { grade, indicators })
    }

    fn indicator(&self, id: IndicatorId) -> Option<Grade> {
        self.indicators
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, g)| *g)
    }
}

/// One indicator of the sample below what the certificate implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub indicator: IndicatorId,
    /// The certificate's grade for this indicator, when the certificate records it.
    pub certified: Option<Grade>,
    /// The sample's grade; `None` below 1A.
    pub measured: Option<Grade>,
}

/// The comparison of a sample with its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Graded at or above the certified grade. `drifted` lists indicators below the
    /// certificate's own grade for them that still do not lower the overall grade.
    Conform {
        measured: Grade,
        drifted: Vec<Shortfall>,
    },
    /// Graded, but lower: `indicators` are those graded below the certified grade.
    LowerGrade {
        certified: Grade,
        measured: Grade,
        indicators: Vec<Shortfall>,
    },
    /// Not gradable: the baseline requirements it failed.
    FailsBaseline { failures: Vec<BaselineFailure> },
}

impl Outcome {
    /// Grade steps below the certificate (0 when conforming or failing the baseline).
    pub fn steps_lower(&self) -> usize {
        match self {
            Outcome::LowerGrade {
                certified,
                measured,
                ..
            } => certified.index().saturating_sub(measured.index()),
            _ => 0,
        }
    }
}

/// Classifies a sample's grading against the certificate.
pub fn compare(certified: &Certified, sample: &GradingResult) -> Outcome {
    let measured = match sample.grade {
        Some(g) if sample.gradable => g,
        _ => {
            return Outcome::FailsBaseline {
                failures: sample.baseline_failures.clone(),
            }
        }
    };
    let shortfall = |id: IndicatorId, g: Option<Grade>| Shortfall {
        indicator: id,
        certified: certified.indicator(id),
        measured: g,
    };
    if measured >= certified.grade {
        let drifted = sample
            .indicators
            .iter()
            .filter(|i| certified.indicator(i.id).is_some_and(|c| i.grade < Some(c)))
            .map(|i| shortfall(i.id, i.grade))
            .collect();
        return Outcome::Conform { measured, drifted };
    }
    let indicators = sample
        .indicators
        .iter()
        .filter(|i| i.grade < Some(certified.grade))
        .map(|i| shortfall(i.id, i.grade))
        .collect();
    Outcome::LowerGrade {
        certified: certified.grade,
        measured,
        indicators,
    }
}
