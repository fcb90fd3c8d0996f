//! Grading profiles and the grading engine (filled in by the grading work).
