//! Streaming an export as an HTTP body, for the API and the pages alike. The export is
//! written on a blocking thread into a bounded channel of chunks that the body reads, so
//! a million-code file never sits in memory (at most a few chunks of 256 KB do) and a
//! slow client slows the writer down instead of piling up bytes. A failure half-way
//! aborts the body, so a client never takes a cut-off file for a complete one.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rongma_app::codes::{Export, ExportFormat};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Chunks in flight between the writer and the client.
const CHUNKS: usize = 4;
const CHUNK_BYTES: usize = 256 * 1024;

type Chunk = io::Result<Bytes>;

/// A `Write` that hands chunks to the response body.
struct ChannelWriter {
    tx: mpsc::Sender<Chunk>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES));
        self.tx
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The receiving end as a body stream.
struct Chunks(mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}

/// Whether an export failed because the body's reader is gone (a broken pipe anywhere in
/// the cause chain: the label writers wrap I/O errors in their own).
fn client_went_away(e: &rongma_app::AppError) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = match e {
        rongma_app::AppError::Internal(inner) => Some(inner.as_ref()),
        _ => None,
    };
    while let Some(c) = cause {
        if c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The export as a download response (a single SVG or PNG tag shows in the browser).
pub(crate) fn stream_export(export: Export) -> Response {
    let name = export.file_name();
    let export_format = export.format();
    let content_type = export_format.content_type();
    let (tx, rx) = mpsc::channel::<Chunk>(CHUNKS);
    tokio::task::spawn_blocking(move || {
        let errors = tx.clone();
        let out = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK_BYTES),
        };
        let result = export
            .write(out, &mut |_| {})
            .and_then(|mut w| w.flush().map_err(rongma_app::AppError::internal));
        if let Err(e) = result {
            // A client that disconnected is not an error of ours.
            if client_went_away(&e) {
                tracing::debug!("export stopped: the client went away");
            } else {
                crate::error::log_internal(&e);
            }
            let _ = errors.blocking_send(Err(io::Error::other("the export failed")));
        }
    });
    let disposition = match export_format {
        ExportFormat::Svg | ExportFormat::Png => "inline",
        _ => "attachment",
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(Chunks(rx)),
    )
        .into_response()
}
