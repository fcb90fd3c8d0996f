//! Fonts of a PDF run: which glyphs were used (renumbered densely as pages are written),
//! and at the end the subset font program, widths and the ToUnicode map that makes the
//! text searchable and copyable.

use super::out::Out;
use crate::error::LabelError;
use crate::font::{Face, FONT_DATA};
use std::fmt::Write as _;
use std::io::Write;
use subsetter::GlyphRemapper;

/// One embedded face: a Type0 font with Identity-H encoding whose CIDs are the glyph ids of
/// the subset (so a page never has to be rewritten when the subset grows).
pub(crate) struct FontUse {
    face: Face,
    /// Object numbers: Type0, CIDFont, descriptor, font file, ToUnicode.
    pub(crate) ids: [u32; 5],
    remapper: GlyphRemapper,
    /// Advance width (1000 units per em) and one character of each subset glyph.
    glyphs: Vec<(f32, char)>,
}

impl FontUse {
    pub(crate) fn new(face: Face, ids: [u32; 5]) -> Self {
        Self {
            face,
            ids,
            remapper: GlyphRemapper::new(),
            // .notdef is subset glyph 0.
            glyphs: vec![(
                face.font().advance(0) * 1000.0 / face.font().units_per_em,
                '\u{fffd}',
            )],
        }
    }

    /// Appends `text` as hex CIDs for a `Tj` operator.
    pub(crate) fn encode(&mut self, text: &str, out: &mut Vec<u8>) {
        let font = self.face.font();
        out.push(b'<');
        for c in text.chars() {
            let gid = font.glyph(c);
            let cid = self.remapper.remap(gid);
            if usize::from(cid) == self.glyphs.len() {
                self.glyphs
                    .push((font.advance(gid) * 1000.0 / font.units_per_em, c));
            }
            let _ = write!(out, "{cid:04X}");
        }
        out.push(b'>');
    }

    pub(crate) fn write<W: Write>(&self, out: &mut Out<W>) -> Result<(), LabelError> {
        let font = self.face.font();
        let program = subsetter::subset(FONT_DATA, self.face.index(), &self.remapper)
            .map_err(|e| LabelError::Font(format!("{e:?}")))?;
        let name = format!(
            "{}+{}",
            subset_tag(&self.glyphs),
            self.face.family().replace(' ', "")
        );
        let scale = 1000.0 / font.units_per_em;
        let [t0, cid, desc, file, cmap] = self.ids;
        out.object(
            t0,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
                 /DescendantFonts [{cid} 0 R] /ToUnicode {cmap} 0 R >>"
            ),
        )?;
        let widths: Vec<String> = self
            .glyphs
            .iter()
            .map(|(w, _)| format!("{}", w.round()))
            .collect();
        out.object(
            cid,
            &format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {desc} 0 R /DW 1000 /W [0 [{}]] /CIDToGIDMap /Identity >>",
                widths.join(" ")
            ),
        )?;
        let b = font.bbox.map(|v| (v * scale).round());
        out.object(
            desc,
            &format!(
                "<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{} {} {} {}] \
                 /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {file} 0 R >>",
                b[0],
                b[1],
                b[2],
                b[3],
                (font.ascent * scale).round(),
                (font.descent * scale).round(),
                (font.cap_height * scale).round()
            ),
        )?;
        out.stream(file, &format!("/Length1 {}", program.len()), &program)?;
        out.stream(cmap, "", self.to_unicode().as_bytes())?;
        Ok(())
    }

    fn to_unicode(&self) -> String {
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let mapped: Vec<(usize, char)> = self
            .glyphs
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, g)| (i, g.1))
            .collect();
        // A bfchar block may hold at most 100 entries.
        for block in mapped.chunks(100) {
            let _ = writeln!(s, "{} beginbfchar", block.len());
            for (cid, c) in block {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                let _ = writeln!(s, "<{cid:04X}> <{hex}>");
            }
            s.push_str("endbfchar\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s
    }
}

/// Six upper-case letters naming the subset, derived from its glyphs so the same run
/// always yields the same file (PDF wants a tag that differs between different subsets).
fn subset_tag(glyphs: &[(f32, char)]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for (_, c) in glyphs {
        h = (h ^ u32::from(*c)).wrapping_mul(0x0100_0193);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}
