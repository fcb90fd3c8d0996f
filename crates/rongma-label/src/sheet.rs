//! Tags on printed sheets, cut-ready: where each tag goes on the page and where its crop
//! marks are, in millimetres from the page's top-left corner.
//!
//! A sheet is cut on a guillotine, so the tags stand apart (a gap, 3 mm by default: a cut
//! that misses by a millimetre neither leaves a strip of the neighbour nor eats into the
//! tag) and every tag corner has two crop marks, short lines continuing the tag's edges
//! outwards, in the gap or the border, never on a tag. Nothing is drawn in the page
//! margin (5 mm by default), which office printers cannot print; the marks on the outside
//! of the grid need room inside it, so the grid keeps [`MARK_ROOM`] clear of the margin.
//! The number of tags per page follows: nine 50 × 90 mm tags on A4.

use crate::data::TagLayout;
use crate::error::LabelError;
use serde::{Deserialize, Serialize};

/// Space between a tag's edge and the start of its crop marks.
pub const MARK_OFFSET: f32 = 0.5;
/// Longest crop mark (the marks in a gap are as long as the gap allows).
pub const MARK_LENGTH: f32 = 4.0;
/// Room kept between the grid and the page margin for the outer crop marks.
pub const MARK_ROOM: f32 = 2.5;
/// Line width of the crop marks.
pub const MARK_WIDTH: f32 = 0.2;

/// How tags are placed on PDF pages. Defaults: A4 portrait, 5 mm page margin, 3 mm between
/// tags, as many columns and rows as fit: 3 × 3 = 9 tags of 50 × 90 mm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SheetLayout {
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    /// Border the printer cannot print; nothing is drawn in it.
    pub margin_mm: f32,
    /// Space between neighbouring tags, where the crop marks go.
    pub gap_mm: f32,
    /// Fixed number of columns, or `None` for as many as fit.
    pub columns: Option<u32>,
    /// Fixed number of rows, or `None` for as many as fit.
    pub rows: Option<u32>,
}

impl Default for SheetLayout {
    fn default() -> Self {
        Self {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_mm: 5.0,
            gap_mm: 3.0,
            columns: None,
            rows: None,
        }
    }
}

/// A rectangle on the page, in millimetres, y downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectMm {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl RectMm {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// A straight line on the page (crop marks are horizontal or vertical).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

/// One page of a sheet layout: the printable area, the tag slots in filling order (left to
/// right, top to bottom) and the crop marks of each slot.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetGeometry {
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    /// The page less its margin.
    pub printable: RectMm,
    pub columns: u32,
    pub rows: u32,
    pub tags: Vec<RectMm>,
    /// `marks[i]`: the eight marks of `tags[i]` (two a corner); a mark with no room (tags
    /// without a gap) is left out.
    pub marks: Vec<Vec<Segment>>,
}

impl SheetLayout {
    /// Columns and rows of `tag` on a page; errors when not even one fits, or when a
    /// fixed number of columns or rows does not fit.
    pub fn grid(&self, tag: &TagLayout) -> Result<(u32, u32), LabelError> {
        let gap = self.gap();
        let fit = |page: f32, item: f32| -> u32 {
            let room = page - 2.0 * (self.margin() + MARK_ROOM) + gap;
            let n = (room / (item + gap) + 1e-4).floor();
            if n.is_finite() && n > 0.0 {
                n.min(1000.0) as u32
            } else {
                0
            }
        };
        let max_c = fit(self.page_width_mm, tag.width_mm);
        let max_r = fit(self.page_height_mm, tag.height_mm);
        // A fixed grid that does not fit is an error, not silently fewer tags per page.
        let cols = self.columns.unwrap_or(max_c);
        let rows = self.rows.unwrap_or(max_r);
        if cols == 0 || rows == 0 || cols > max_c || rows > max_r {
            return Err(LabelError::SheetTooSmall {
                tag_w: tag.width_mm,
                tag_h: tag.height_mm,
                page_w: self.page_width_mm,
                page_h: self.page_height_mm,
            });
        }
        Ok((cols, rows))
    }

    /// Tags per page.
    pub fn per_page(&self, tag: &TagLayout) -> Result<u32, LabelError> {
        self.grid(tag).map(|(c, r)| c * r)
    }

    /// Where the tags and their crop marks go on every page; the grid is centred.
    pub fn geometry(&self, tag: &TagLayout) -> Result<SheetGeometry, LabelError> {
        let (cols, rows) = self.grid(tag)?;
        let (w, h, gap, m) = (tag.width_mm, tag.height_mm, self.gap(), self.margin());
        let used_w = cols as f32 * w + (cols - 1) as f32 * gap;
        let used_h = rows as f32 * h + (rows - 1) as f32 * gap;
        let (left, top) = (
            (self.page_width_mm - used_w) / 2.0,
            (self.page_height_mm - used_h) / 2.0,
        );
        let printable = RectMm {
            x: m,
            y: m,
            w: self.page_width_mm - 2.0 * m,
            h: self.page_height_mm - 2.0 * m,
        };
        let mut tags = Vec::with_capacity((cols * rows) as usize);
        let mut marks = Vec::with_capacity(tags.capacity());
        for row in 0..rows {
            for col in 0..cols {
                let r = RectMm {
                    x: left + col as f32 * (w + gap),
                    y: top + row as f32 * (h + gap),
                    w,
                    h,
                };
                // Room outwards on each side: up to the next tag, or to the margin.
                let room = |inner: bool, to_edge: f32| if inner { gap } else { to_edge };
                let room_left = room(col > 0, r.x - printable.x);
                let room_right = room(col + 1 < cols, printable.right() - r.right());
                let room_up = room(row > 0, r.y - printable.y);
                let room_down = room(row + 1 < rows, printable.bottom() - r.bottom());
                marks.push(corner_marks(
                    &r,
                    [room_left, room_right, room_up, room_down],
                ));
                tags.push(r);
            }
        }
        Ok(SheetGeometry {
            page_width_mm: self.page_width_mm,
            page_height_mm: self.page_height_mm,
            printable,
            columns: cols,
            rows,
            tags,
            marks,
        })
    }

    fn gap(&self) -> f32 {
        if self.gap_mm.is_finite() {
            self.gap_mm.max(0.0)
        } else {
            0.0
        }
    }

    fn margin(&self) -> f32 {
        if self.margin_mm.is_finite() {
            self.margin_mm.max(0.0)
        } else {
            0.0
        }
    }
}

/// The marks of one tag given the room on its left, right, top and bottom. A mark in a gap
/// stops short of the neighbour by the same offset, so the neighbour's mark is the same
/// line; an outer mark stops at the printable edge.
fn corner_marks(r: &RectMm, [left, right, up, down]: [f32; 4]) -> Vec<Segment> {
    let len = |room: f32| (room - 2.0 * MARK_OFFSET).min(MARK_LENGTH);
    let mut out = Vec::with_capacity(8);
    let mut push = |ok: bool, s: Segment| {
        if ok {
            out.push(s);
        }
    };
    let (o, ll, lr, lu, ld) = (MARK_OFFSET, len(left), len(right), len(up), len(down));
    for y in [r.y, r.bottom()] {
        push(ll > 0.2, hline(y, r.x - o - ll, r.x - o));
        push(lr > 0.2, hline(y, r.right() + o, r.right() + o + lr));
    }
    for x in [r.x, r.right()] {
        push(lu > 0.2, vline(x, r.y - o - lu, r.y - o));
        push(ld > 0.2, vline(x, r.bottom() + o, r.bottom() + o + ld));
    }
    out
}

fn hline(y: f32, x1: f32, x2: f32) -> Segment {
    Segment {
        x1,
        y1: y,
        x2,
        y2: y,
    }
}

fn vline(x: f32, y1: f32, y2: f32) -> Segment {
    Segment {
        x1: x,
        y1,
        x2: x,
        y2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_holds_nine_default_tags_and_fixed_grids_must_fit() {
        let tag = TagLayout::default();
        let a4 = SheetLayout::default();
        assert_eq!(a4.grid(&tag).unwrap(), (3, 3));
        let two_by_two = SheetLayout {
            columns: Some(2),
            rows: Some(2),
            ..a4
        };
        assert_eq!(two_by_two.per_page(&tag).unwrap(), 4);
        let too_many = SheetLayout {
            columns: Some(4),
            ..a4
        };
        assert!(matches!(
            too_many.grid(&tag),
            Err(LabelError::SheetTooSmall { .. })
        ));
        // Smaller tags: more of them.
        let small = TagLayout {
            width_mm: 40.0,
            height_mm: 60.0,
            ..tag
        };
        assert_eq!(a4.grid(&small).unwrap(), (4, 4));
        assert!(TagLayout {
            width_mm: 10.0,
            ..tag
        }
        .check()
        .is_err());
        assert!(TagLayout {
            height_mm: f32::NAN,
            ..tag
        }
        .check()
        .is_err());
    }
}
