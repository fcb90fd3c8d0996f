//! C2SP tlog-tiles resource paths: `tile/<L>/<N>[.p/<W>]` for hash tiles and
//! `tile/entries/<N>[.p/<W>]` for entry bundles, with `N` written in three-digit groups, all but
//! the last prefixed with `x` (1234067 → `x001/x234/067`).
//!
//! `tlog_tiles::Tile::path` writes Go sumdb paths, which carry the tile height
//! (`tile/8/0/…`) and call bundles `data`; C2SP paths have neither, hence this module.
//! Parsing accepts only the canonical spelling, so one resource has exactly one path.

use crate::text::parse_decimal;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Tiles are 8 levels of the tree tall (C2SP tlog-tiles fixes this).
pub const TILE_HEIGHT: u8 = 8;
/// A full tile holds 256 hashes (8,192 bytes) or 256 entries.
pub const TILE_WIDTH: u16 = 256;

const MAX_LEVEL: u8 = 63;

/// One tile resource: a hash tile at a level, or an entry bundle; full (`width == 256`) or
/// partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TilePath {
    level: Option<u8>,
    index: u64,
    width: u16,
}

/// Why a tile path or tile coordinates are not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TilePathError {
    #[error("tile path {path:?} is not a canonical C2SP tile path: {why}")]
    Malformed { path: String, why: &'static str },
    #[error("tile level {level} is out of range 0..=63")]
    Level { level: u8 },
    #[error("tile width {width} is out of range 1..=256")]
    Width { width: u16 },
}

impl TilePath {
    /// The hash tile at `level`, number `index`, holding `width` hashes (256 = full).
    pub fn hash(level: u8, index: u64, width: u16) -> Result<Self, TilePathError> {
        if level > MAX_LEVEL {
            return Err(TilePathError::Level { level });
        }
        Self::checked(Some(level), index, width)
    }

    /// The entry bundle number `index`, holding `width` entries (256 = full).
    pub fn entries(index: u64, width: u16) -> Result<Self, TilePathError> {
        Self::checked(None, index, width)
    }

    fn checked(level: Option<u8>, index: u64, width: u16) -> Result<Self, TilePathError> {
        if width == 0 || width > TILE_WIDTH {
            return Err(TilePathError::Width { width });
        }
        Ok(Self {
            level,
            index,
            width,
        })
    }

    /// The level of a hash tile; `None` for an entry bundle.
    pub fn level(&self) -> Option<u8> {
        self.level
    }

    pub fn is_entries(&self) -> bool {
        self.level.is_none()
    }

    pub fn index(&self) -> u64 {
        self.index
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn is_partial(&self) -> bool {
        self.width < TILE_WIDTH
    }

    /// The full tile this (possibly partial) tile is a prefix of.
    pub fn full(&self) -> Self {
        Self {
            width: TILE_WIDTH,
            ..*self
        }
    }

    /// The leaf indexes whose hashes this tile covers (for an entry bundle: its entries).
    /// `None` if the range does not fit in 64 bits (no such tree can exist).
    pub fn covered_leaves(&self) -> Option<Range<u64>> {
        let shift = 8 * u32::from(self.level.unwrap_or(0));
        let per_hash = 1u64.checked_shl(shift)?;
        let first_hash = self.index.checked_mul(u64::from(TILE_WIDTH))?;
        let start = first_hash.checked_mul(per_hash)?;
        let end = first_hash
            .checked_add(u64::from(self.width))?
            .checked_mul(per_hash)?;
        Some(start..end)
    }

    /// Whether a tree of `size` leaves contains everything this tile covers, i.e. whether the
    /// tile can be served for that tree.
    pub fn fits(&self, size: u64) -> bool {
        self.covered_leaves().is_some_and(|r| r.end <= size)
    }
}

impl fmt::Display for TilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level {
            Some(level) => write!(f, "tile/{level}/")?,
            None => f.write_str("tile/entries/")?,
        }
        let mut groups = Vec::new();
        let mut n = self.index;
        loop {
            groups.push(n % 1000);
            n /= 1000;
            if n == 0 {
                break;
            }
        }
        for g in groups.iter().skip(1).rev() {
            write!(f, "x{g:03}/")?;
        }
        write!(f, "{:03}", groups[0])?;
        if self.is_partial() {
            write!(f, ".p/{}", self.width)?;
        }
        Ok(())
    }
}

impl FromStr for TilePath {
    type Err = TilePathError;

    fn from_str(path: &str) -> Result<Self, Self::Err> {
        let bad = |why| TilePathError::Malformed {
            path: path.to_owned(),
            why,
        };
        let rest = path
            .strip_prefix("tile/")
            .ok_or_else(|| bad("does not start with tile/"))?;
        let (kind, rest) = rest.split_once('/').ok_or_else(|| bad("no tile index"))?;
        let level = match kind {
            "entries" => None,
            _ => Some(
                parse_decimal(kind)
                    .and_then(|l| u8::try_from(l).ok())
                    .ok_or_else(|| bad("bad level"))?,
            ),
        };
        let (digits, width) = match rest.split_once(".p/") {
            Some((digits, w)) => {
                let w = parse_decimal(w)
                    .and_then(|w| u16::try_from(w).ok())
                    .ok_or_else(|| bad("bad width"))?;
                if w == 0 || w >= TILE_WIDTH {
                    return Err(bad("partial width must be 1..=255"));
                }
                (digits, w)
            }
            None => (rest, TILE_WIDTH),
        };
        let groups: Vec<&str> = digits.split('/').collect();
        let mut index: u64 = 0;
        for (i, group) in groups.iter().enumerate() {
            let last = i + 1 == groups.len();
            let three = if last {
                Some(*group)
            } else {
                group.strip_prefix('x')
            };
            let three = three.filter(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
            let value = three
                .and_then(|g| g.parse::<u64>().ok())
                .ok_or_else(|| bad("bad index group"))?;
            index = index
                .checked_mul(1000)
                .and_then(|n| n.checked_add(value))
                .ok_or_else(|| bad("index overflows 64 bits"))?;
        }
        let tile = match level {
            Some(level) => Self::hash(level, index, width)?,
            None => Self::entries(index, width)?,
        };
        // Leading `x000/` groups (and other spellings) denote the same tile; only one is valid.
        if tile.to_string() != path {
            return Err(bad("not in canonical form"));
        }
        Ok(tile)
    }
}
