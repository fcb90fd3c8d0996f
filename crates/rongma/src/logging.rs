//! Logging to stderr, with every event on one line whatever its fields hold. Login names,
//! user agents, paths and other text that came from outside can carry line breaks (to
//! forge a log line) or terminal escapes (to hide or rewrite what an operator sees), so the
//! writer escapes every control character except the newline that ends an event. The
//! formatter writes each event with one `write`, which is what makes "the last newline"
//! the event's end.

use std::io::{self, Write};
use tracing_subscriber::fmt::MakeWriter;

/// `RONGMA_LOG` (or `RUST_LOG`) sets the filter; colours are off, since escape sequences
/// are exactly what the writer removes.
pub fn init() {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("RONGMA_LOG")
        .ok()
        .map(EnvFilter::new)
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(OneLine(io::stderr))
        .try_init();
}

/// Makes [`Escaping`] writers around the writers `M` makes.
#[derive(Clone, Copy)]
pub struct OneLine<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for OneLine<M> {
    type Writer = Escaping<M::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        Escaping(self.0.make_writer())
    }
}

/// Writes each buffer with its control characters escaped, but a final newline.
pub struct Escaping<W>(pub W);

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(&escape(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `buf` with C0 controls, DEL and the C1 controls (U+0080–U+009F, which some terminals
/// read as escapes) written as `\n`, `\r`, `\t`, `\e` or `\u{..}`; a final newline stays.
pub fn escape(buf: &[u8]) -> Vec<u8> {
    let (body, end) = match buf.split_last() {
        Some((b'\n', body)) => (body, true),
        _ => (buf, false),
    };
    let mut out = Vec::with_capacity(buf.len() + 8);
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x1b => out.extend_from_slice(b"\\e"),
            0x00..=0x1f | 0x7f => out.extend_from_slice(format!("\\u{{{b:02x}}}").as_bytes()),
            // U+0080–U+009F are 0xC2 0x80–0x9F in UTF-8.
            0xc2 if body.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => {
                out.extend_from_slice(format!("\\u{{{:02x}}}", body[i + 1]).as_bytes());
                i += 1;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    if end {
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn control_characters_are_escaped_but_the_final_newline() {
        assert_eq!(escape(b"plain text\n"), b"plain text\n");
        assert_eq!(
            escape(b"a\nb\r\x1b[31mred\x07\x7f\n"),
            b"a\\nb\\r\\e[31mred\\u{07}\\u{7f}\n"
        );
        assert_eq!(
            escape("中文 \u{9b}2J".as_bytes()),
            "中文 \\u{9b}2J".as_bytes()
        );
        assert_eq!(
            escape("é ü".as_bytes()),
            "é ü".as_bytes(),
            "other UTF-8 is kept"
        );
    }

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_forged_login_name_stays_on_its_event_line() {
        let sink = Sink::default();
        let out = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(OneLine(move || sink.clone()))
            .finish();
        let forged = "admin\n2026-12-03T00:00:00Z  INFO logged in user.id=1\x1b[2K";
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(username = %forged, "login refused");
            tracing::info!(user_agent = forged, path = "/c/\r\nX", "scan");
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "one line per event: {text:?}");
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
        assert!(lines[0].contains("login refused") && lines[0].contains("admin\\n2026"));
    }
}
