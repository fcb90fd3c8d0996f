//! Validation errors that name the field (and, for files, the row and column), with a
//! message in English and Simplified Chinese so the API and the web forms say the same.

use serde::Serialize;
use std::fmt;

/// One thing wrong with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Field name as the client sent it, e.g. `credit_code` or `measured.fill_power_cm`.
    pub field: String,
    /// Stable machine-readable code, e.g. `uscc_check_character`.
    pub code: String,
    /// English message.
    pub message: String,
    /// Simplified Chinese message.
    pub message_zh: String,
    /// 1-based data row of a file (header excluded), when the input came from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Column header of a file, when it differs from `field` or to make it explicit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
            message_zh: message_zh.into(),
            row: None,
            column: None,
        }
    }

    /// The same error, placed at a row (and column) of an uploaded file.
    pub fn at_row(mut self, row: u64, column: Option<&str>) -> Self {
        self.row = Some(row);
        self.column = column.map(str::to_owned);
        self
    }

    /// The same error under a prefixed field name (`sizes[2].` + `fill_weight_g`).
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.field = format!("{prefix}{}", self.field);
        self
    }

    /// The message in the given language (`zh` for Chinese, anything else English).
    pub fn message_in(&self, lang: &str) -> &str {
        if lang.starts_with("zh") {
            &self.message_zh
        } else {
            &self.message
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}, ")?;
            if let Some(col) = &self.column {
                write!(f, "column {col}, ")?;
            }
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem found in one input, in the order found. Never empty when returned as an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn extend(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The first error for a field, for showing next to a form input.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` when nothing was collected, otherwise `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Records the error of `r` (if any) and returns its value.
    pub fn collect<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
impl std::error::Error for FieldError {}
