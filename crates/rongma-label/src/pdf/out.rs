//! The PDF file structure, written as it goes: objects are streamed to the writer with
//! their byte offsets remembered for the cross-reference table at the end. Memory stays
//! at a few bytes per object however many pages a run has.

use miniz_oxide::deflate::compress_to_vec_zlib;
use std::io::{BufWriter, Write};

/// Compression level for streams: level 1 is several times faster than the default and
/// only a little larger on content made of short operator lines.
const DEFLATE_LEVEL: u8 = 1;

pub(crate) struct Out<W: Write> {
    w: BufWriter<W>,
    pos: u64,
    /// Byte offset of each object, by object number (index 0 unused).
    offsets: Vec<u64>,
}

impl<W: Write> Out<W> {
    pub(crate) fn new(w: W) -> std::io::Result<Self> {
        let mut out = Self {
            w: BufWriter::with_capacity(256 * 1024, w),
            pos: 0,
            offsets: vec![0],
        };
        // The binary comment line tells tools the file holds 8-bit data.
        out.raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(out)
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Reserves the next object number.
    pub(crate) fn alloc(&mut self) -> u32 {
        self.offsets.push(0);
        (self.offsets.len() - 1) as u32
    }

    /// Writes object `id` whose body is a dictionary or other direct value.
    pub(crate) fn object(&mut self, id: u32, body: &str) -> std::io::Result<()> {
        self.start(id)?;
        self.raw(body.as_bytes())?;
        self.raw(b"\nendobj\n")
    }

    /// Writes object `id` as a Flate-compressed stream; `dict` holds extra entries.
    pub(crate) fn stream(&mut self, id: u32, dict: &str, data: &[u8]) -> std::io::Result<()> {
        let packed = compress_to_vec_zlib(data, DEFLATE_LEVEL);
        self.start(id)?;
        let head = format!(
            "<< /Length {} /Filter /FlateDecode {dict} >>\nstream\n",
            packed.len()
        );
        self.raw(head.as_bytes())?;
        self.raw(&packed)?;
        self.raw(b"\nendstream\nendobj\n")
    }

    fn start(&mut self, id: u32) -> std::io::Result<()> {
        if let Some(slot) = self.offsets.get_mut(id as usize) {
            *slot = self.pos;
        }
        self.raw(format!("{id} 0 obj\n").as_bytes())
    }

    /// Cross-reference table and trailer; returns the inner writer, flushed.
    pub(crate) fn finish(mut self, root: u32) -> std::io::Result<W> {
        let xref = self.pos;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        for &off in &self.offsets[1..] {
            table.push_str(&format!("{off:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len()
        ));
        self.raw(table.as_bytes())?;
        self.w.into_inner().map_err(|e| e.into_error())
    }
}
