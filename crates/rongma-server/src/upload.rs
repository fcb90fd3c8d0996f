//! Reading uploads from `multipart/form-data`: each file part is read with a running size
//! check, so an oversized file is refused with a clear error without being held whole.

use crate::error::ApiError;
use axum::extract::multipart::{Field, Multipart};
use rongma_app::reports::Upload;
use rongma_app::{App, AppError};
use rongma_domain::FieldError;

/// The body limit of upload routes; the configured per-file limit is checked while reading.
pub const UPLOAD_BODY_LIMIT: usize = 512 * 1024 * 1024;

fn bad(field: &str, code: &str, en: String, zh: &str) -> ApiError {
    ApiError(AppError::field(FieldError::new(field, code, en, zh)))
}

/// Reads one file part, refusing it once it passes the configured size.
pub async fn read_file(app: &App, mut field: Field<'_>) -> Result<Upload, ApiError> {
    let name = field.name().unwrap_or("file").to_owned();
    let file_name = field.file_name().unwrap_or(&name).to_owned();
    let content_type = field.content_type().map(str::to_owned);
    let max = app.settings().max_upload_bytes();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| {
        bad(
            &name,
            "unreadable",
            format!("the upload could not be read: {e}"),
            "上传内容无法读取",
        )
    })? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > max {
            return Err(bad(
                &name,
                "too_large",
                format!(
                    "the file is larger than the {} MB limit",
                    max / (1024 * 1024)
                ),
                "文件超过大小上限",
            ));
        }
    }
    Ok(Upload {
        name: file_name,
        content_type,
        bytes,
    })
}

/// Text of a non-file part.
pub async fn read_text(field: Field<'_>) -> Result<String, ApiError> {
    let name = field.name().unwrap_or("part").to_owned();
    field.text().await.map_err(|e| {
        bad(
            &name,
            "unreadable",
            format!("the part could not be read: {e}"),
            "表单内容无法读取",
        )
    })
}

/// The next part, with multipart errors in the API's shape.
pub async fn next_part<'a>(m: &'a mut Multipart) -> Result<Option<Field<'a>>, ApiError> {
    m.next_field().await.map_err(|e| {
        bad(
            "body",
            "bad_multipart",
            format!("the multipart body is malformed: {e}"),
            "multipart 请求体格式错误",
        )
    })
}
