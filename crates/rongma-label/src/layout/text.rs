//! Text styles and fitting text into the room it has.

use crate::font::Face;
use crate::scene::{Anchor, Rgb, Text};

/// How a piece of text looks; positions and content come per use.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    face: Face,
    size: f32,
    anchor: Anchor,
    color: Rgb,
    bold: bool,
}

impl Style {
    pub(super) const fn new(face: Face, size: f32, anchor: Anchor, color: Rgb) -> Self {
        Self {
            face,
            size,
            anchor,
            color,
            bold: false,
        }
    }

    pub(super) const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    pub(super) const fn anchor(self, anchor: Anchor) -> Self {
        Self { anchor, ..self }
    }

    /// Text known to fit (fixed captions).
    pub(super) fn text(&self, x: f32, y: f32, content: &str) -> Text {
        self.make(x, y, self.size, content.to_owned())
    }

    /// Text that fits `max_w`: shrunk down to 70 % of its size, then cut with an ellipsis.
    pub(super) fn fitted(&self, x: f32, y: f32, content: &str, max_w: f32) -> Text {
        let font = self.face.font();
        let width = font.measure(content, self.size);
        if width <= max_w {
            return self.make(x, y, self.size, content.to_owned());
        }
        if width * 0.7 <= max_w {
            return self.make(x, y, self.size * max_w / width, content.to_owned());
        }
        let small = self.size * 0.7;
        let ellipsis = font.measure("…", small);
        let mut cut = content.to_owned();
        while !cut.is_empty() && font.measure(&cut, small) + ellipsis > max_w {
            cut.pop();
        }
        cut.push('…');
        self.make(x, y, small, cut)
    }

    /// Text that fits `max_w` by shrinking only, however small: for text that is useless
    /// when cut (an address).
    pub(super) fn shrunk(&self, x: f32, y: f32, content: &str, max_w: f32) -> Text {
        let width = self.face.font().measure(content, self.size);
        let size = if width > max_w && width > 0.0 {
            self.size * max_w / width
        } else {
            self.size
        };
        self.make(x, y, size, content.to_owned())
    }

    fn make(&self, x: f32, y: f32, size: f32, content: String) -> Text {
        Text {
            x,
            y,
            size,
            face: self.face,
            anchor: self.anchor,
            color: self.color,
            bold: self.bold,
            width: self.face.font().measure(&content, size),
            content,
        }
    }
}

/// "4A" → ("AAAA 级", Some("4A")); anything else is shown as given.
pub(super) fn badge_text(grade: &str) -> (String, Option<String>) {
    let g = grade.trim().to_ascii_uppercase();
    let mut chars = g.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(n @ '1'..='5'), Some('A'), None) => {
            let count = n.to_digit(10).unwrap_or(1) as usize;
            (format!("{} 级", "A".repeat(count)), Some(g))
        }
        _ => (grade.trim().to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_become_badges() {
        assert_eq!(badge_text(" 4a "), ("AAAA 级".into(), Some("4A".into())));
        assert_eq!(badge_text("1A"), ("A 级".into(), Some("1A".into())));
        assert_eq!(badge_text("6A"), ("6A".into(), None));
        assert_eq!(badge_text("待定"), ("待定".into(), None));
    }
}
