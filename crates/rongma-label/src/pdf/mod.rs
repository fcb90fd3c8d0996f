//! PDF sheets of tags for print shops: A4 (or any) pages with a grid of tags apart from
//! each other with crop marks at every corner (`sheet`), written page by page to any
//! `Write`, fonts subset and embedded at the end.
//!
//! Hand-written PDF objects rather than a PDF library: the document is one fixed shape
//! (pages of content streams and two Type0 fonts), and writing it directly keeps it
//! streaming, fast and free of a large dependency. Fonts are subset by `subsetter`.

mod content;
mod font;
mod out;

use crate::data::{TagCodes, TagLayout};
use crate::error::LabelError;
use crate::font::Face;
use crate::layout::TagTemplate;
use crate::sheet::{SheetGeometry, SheetLayout, MARK_WIDTH};
use content::{crop_marks, draw, n, Fonts};
use font::FontUse;
use out::Out;
use std::io::Write;

/// Points per millimetre.
const PT: f32 = 72.0 / 25.4;
const CATALOG: u32 = 1;
const PAGES: u32 = 2;
/// Pages per intermediate page-tree node: a run of a million tags (~83,000 pages) stays a
/// shallow, balanced tree that viewers and RIPs walk quickly.
const GROUP: usize = 256;

/// Streams tags onto pages. Call [`push`](Self::push) per tag, then [`finish`](Self::finish).
pub struct PdfSheetWriter<W: Write> {
    out: Out<W>,
    geometry: SheetGeometry,
    tag: TagLayout,
    ops: Vec<u8>,
    on_page: u32,
    /// Intermediate page-tree nodes; each is written as soon as its pages are.
    nodes: Vec<u32>,
    /// Pages of the last node, not yet written.
    open: Vec<u32>,
    pages: usize,
    sans: FontUse,
    mono: FontUse,
}

impl<W: Write> PdfSheetWriter<W> {
    /// A writer of `tag`-sized tags placed by `sheet`; fails if no tag fits a page.
    pub fn new(out: W, tag: &TagLayout, sheet: &SheetLayout) -> Result<Self, LabelError> {
        tag.check()?;
        let geometry = sheet.geometry(tag)?;
        let mut out = Out::new(out)?;
        let fixed = (out.alloc(), out.alloc());
        debug_assert_eq!(fixed, (CATALOG, PAGES));
        let mut ids = || {
            [
                out.alloc(),
                out.alloc(),
                out.alloc(),
                out.alloc(),
                out.alloc(),
            ]
        };
        let (sans_ids, mono_ids) = (ids(), ids());
        Ok(Self {
            out,
            geometry,
            tag: *tag,
            ops: Vec::with_capacity(64 * 1024),
            on_page: 0,
            nodes: Vec::new(),
            open: Vec::with_capacity(GROUP),
            pages: 0,
            sans: FontUse::new(Face::Sans, sans_ids),
            mono: FontUse::new(Face::Mono, mono_ids),
        })
    }

    /// Places the next tag: left to right, top to bottom, a new page when one is full.
    /// `template` must have been laid out for this writer's tag size.
    pub fn push(&mut self, template: &TagTemplate, codes: &TagCodes) -> Result<(), LabelError> {
        let scene = template.scene(codes)?;
        let (w, h) = (scene.frame.width, scene.frame.height);
        if (w - self.tag.width_mm).abs() > 0.01 || (h - self.tag.height_mm).abs() > 0.01 {
            return Err(LabelError::TagSize {
                width_mm: w,
                height_mm: h,
            });
        }
        let g = &self.geometry;
        let slot = self.on_page as usize;
        let (Some(place), Some(marks)) = (g.tags.get(slot), g.marks.get(slot)) else {
            return Err(LabelError::Render("tag slot outside the page".into()));
        };
        // Marks first, in page coordinates (points, y up).
        crop_marks(&mut self.ops, marks, g.page_height_mm, PT, MARK_WIDTH);
        let _ = writeln!(
            self.ops,
            "q {} 0 0 {} {} {} cm",
            n(PT),
            n(-PT),
            n(place.x * PT),
            n((g.page_height_mm - place.y) * PT)
        );
        let mut fonts = Fonts {
            sans: &mut self.sans,
            mono: &mut self.mono,
        };
        draw(&mut self.ops, &scene, &mut fonts);
        self.ops.extend_from_slice(b"Q\n");
        self.on_page += 1;
        if self.on_page == self.per_page() {
            self.flush_page()?;
        }
        Ok(())
    }

    /// Pages written so far (a partly filled page counts once finished).
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Where tags and crop marks go on each page.
    pub fn geometry(&self) -> &SheetGeometry {
        &self.geometry
    }

    /// Tags per page.
    pub fn per_page(&self) -> u32 {
        self.geometry.columns * self.geometry.rows
    }

    fn flush_page(&mut self) -> Result<(), LabelError> {
        if self.open.is_empty() {
            let node = self.out.alloc();
            self.nodes.push(node);
        }
        let parent = self.nodes.last().copied().unwrap_or(PAGES);
        let page = self.out.alloc();
        let contents = self.out.alloc();
        self.out.stream(contents, "", &self.ops)?;
        let (pw, ph) = (
            self.geometry.page_width_mm * PT,
            self.geometry.page_height_mm * PT,
        );
        self.out.object(
            page,
            &format!(
                "<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 {} {}] \
                 /Resources << /Font << /F1 {} 0 R /F2 {} 0 R >> >> /Contents {contents} 0 R >>",
                n(pw),
                n(ph),
                self.sans.ids[0],
                self.mono.ids[0]
            ),
        )?;
        self.open.push(page);
        self.pages += 1;
        if self.open.len() == GROUP {
            self.close_node()?;
        }
        self.ops.clear();
        self.on_page = 0;
        Ok(())
    }

    /// Writes the page-tree node of the open pages.
    fn close_node(&mut self) -> Result<(), LabelError> {
        let node = self.nodes.last().copied().unwrap_or(PAGES);
        let body = format!(
            "<< /Type /Pages /Parent {PAGES} 0 R /Count {} /Kids [{}] >>",
            self.open.len(),
            refs(&self.open)
        );
        self.out.object(node, &body)?;
        self.open.clear();
        Ok(())
    }

    /// Writes the last page, the fonts and the document structure; returns the writer.
    pub fn finish(mut self) -> Result<W, LabelError> {
        if self.on_page > 0 {
            self.flush_page()?;
        }
        self.sans.write(&mut self.out)?;
        self.mono.write(&mut self.out)?;
        if !self.open.is_empty() {
            self.close_node()?;
        }
        let root = format!(
            "<< /Type /Pages /Count {} /Kids [{}] >>",
            self.pages,
            refs(&self.nodes)
        );
        self.out.object(PAGES, &root)?;
        self.out
            .object(CATALOG, &format!("<< /Type /Catalog /Pages {PAGES} 0 R >>"))?;
        Ok(self.out.finish(CATALOG)?)
    }
}

fn refs(ids: &[u32]) -> String {
    ids.iter()
        .map(|id| format!("{id} 0 R"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// All `codes` of one product as a PDF document in memory (for small runs and previews;
/// large runs should stream with [`PdfSheetWriter`] into a file).
pub fn render_pdf<'a>(
    template: &TagTemplate,
    tag: &TagLayout,
    sheet: &SheetLayout,
    codes: impl IntoIterator<Item = &'a TagCodes>,
) -> Result<Vec<u8>, LabelError> {
    let mut w = PdfSheetWriter::new(Vec::new(), tag, sheet)?;
    for c in codes {
        w.push(template, c)?;
    }
    w.finish()
}
